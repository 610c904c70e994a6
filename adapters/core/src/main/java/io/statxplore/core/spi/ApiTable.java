package io.statxplore.core.spi;

import org.apache.calcite.schema.Table;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

/**
 * A table of an API, whichever path serves it: what the metadata tables report about it
 * ({@code DatabaseMetaData.getTables} and {@code getColumns} carry its remarks and nullability,
 * {@code getPrimaryKeys} its key columns). Facts only: the planner does not rely on them.
 */
public interface ApiTable extends Table {
  /** The table as the API listed it. */
  TableEntry entry();

  /** The adapter that serves the table. */
  ApiAdapter adapter();

  /** The label and origin of column {@code column} (ignoring case), or null if it has none; may read the columns. */
  @Nullable String columnRemarks(String column);

  /** The columns whose values identify a row, in key order; empty if none do or it is not known. May read the columns. */
  default List<String> keyColumns() {
    return List.of();
  }

  /** Whether no row holds NULL in {@code column} (ignoring case); false if one may, or it is not known. May read the columns. */
  default boolean neverNull(String column) {
    return false;
  }
}
