package io.statxplore.core.cube;

import static java.util.Objects.requireNonNull;

/**
 * An item of a dimension as the API answered it.
 *
 * @param label label shown in the label column (member labels joined with {@code "; "} for a group)
 * @param code value shown in the code column
 * @param total whether this is the API's Total item
 */
public record ResultItem(String label, String code, boolean total) {
  public ResultItem {
    requireNonNull(label, "label");
    requireNonNull(code, "code");
  }
}
