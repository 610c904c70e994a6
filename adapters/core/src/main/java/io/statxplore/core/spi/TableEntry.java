package io.statxplore.core.spi;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A table as listed by the API, before its columns are known.
 *
 * <p>Its SQL name is lower case, whatever case the adapter gives, as column names are
 * ({@link ColumnNames}): one rule for every identifier of every API, which
 * {@code DatabaseMetaData.storesLowerCaseIdentifiers} reports, so that a tool that folds what a
 * user typed finds the table. The API's own id, in its own case, belongs in {@code remarks}.
 *
 * @param id the API's identifier
 * @param name the SQL name; unique ignoring case among the API's tables
 * @param remarks where it lives and what it is, with the API's id, for {@code DatabaseMetaData.getTables}
 */
public record TableEntry(String id, String name, String remarks) {
  public TableEntry {
    requireNonNull(id, "id");
    name = requireNonNull(name, "name").toLowerCase(Locale.ROOT);
    requireNonNull(remarks, "remarks");
  }
}
