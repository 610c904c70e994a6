package io.statxplore.core.spi;

import static java.util.Objects.requireNonNull;

/**
 * A table as listed by the API, before its columns are known.
 *
 * @param id the API's identifier
 * @param name the SQL name
 * @param remarks where it lives and what it is, for {@code DatabaseMetaData.getTables}
 */
public record TableEntry(String id, String name, String remarks) {
  public TableEntry {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(remarks, "remarks");
  }
}
