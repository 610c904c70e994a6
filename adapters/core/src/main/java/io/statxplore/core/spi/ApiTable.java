package io.statxplore.core.spi;

import org.apache.calcite.schema.Table;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A table of an API, whichever path serves it: what the metadata tables report about it
 * ({@code DatabaseMetaData.getTables} and {@code getColumns} carry its remarks).
 */
public interface ApiTable extends Table {
  /** The table as the API listed it. */
  TableEntry entry();

  /** The label and origin of column {@code column} (ignoring case), or null if it has none; may read the columns. */
  @Nullable String columnRemarks(String column);
}
