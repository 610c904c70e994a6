package io.statxplore.core.cube;

import static java.util.Objects.requireNonNull;

/**
 * One item (value) of a dimension: what a filter selects and what a row shows.
 *
 * @param key the API's identifier of the item (for SuperSTAR its {@code str:value:} URI)
 * @param label the item's label, the value of the dimension's label column
 * @param code the item's code, the value of the dimension's code column
 */
public record Item(String key, String label, String code) {
  public Item {
    requireNonNull(key, "key");
    requireNonNull(label, "label");
    requireNonNull(code, "code");
  }
}
