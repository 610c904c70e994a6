package io.statxplore.core.record;

import io.statxplore.core.spi.TableEntry;

import java.util.List;
import java.util.Optional;

/**
 * The columns of a record-shaped table.
 *
 * @param entry the table as listed
 * @param columns its columns in order
 */
public record RecordTableMeta(TableEntry entry, List<RecordColumn> columns) {
  public RecordTableMeta {
    columns = List.copyOf(columns);
  }

  /** The column named {@code name}, ignoring case. */
  public Optional<RecordColumn> column(String name) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }
}
