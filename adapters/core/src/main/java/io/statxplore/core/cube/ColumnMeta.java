package io.statxplore.core.cube;

import static java.util.Objects.requireNonNull;

/**
 * A column of a cube table: the label or code of a dimension, or a measure.
 *
 * @param name SQL name
 * @param kind what the column holds
 * @param index index of the dimension or measure in its table's lists
 * @param remarks label and source, as {@code DatabaseMetaData.getColumns} reports them
 */
public record ColumnMeta(String name, Kind kind, int index, String remarks) {
  /** What a column holds. */
  public enum Kind { LABEL, CODE, MEASURE }

  public ColumnMeta {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(remarks, "remarks");
  }

  public boolean isDimension() {
    return kind != Kind.MEASURE;
  }
}
