package io.statxplore.core.cube;

import static java.util.Objects.requireNonNull;

/**
 * One item (value) of a dimension: what a filter selects and what a row shows.
 *
 * @param key the API's identifier of the item (for SuperSTAR its {@code str:value:} URI)
 * @param label the item's label, the value of the dimension's label column
 * @param code the item's code, the value of the dimension's code column
 * @param missing whether the item stands for a value the data does not have (e.g. Protari's empty
 *     sentinel): SQL's {@code IS NULL} on the dimension's columns selects it
 */
public record Item(String key, String label, String code, boolean missing) {
  public Item {
    requireNonNull(key, "key");
    requireNonNull(label, "label");
    requireNonNull(code, "code");
  }

  /** An item that stands for a value the data has. */
  public Item(String key, String label, String code) {
    this(key, label, code, false);
  }
}
