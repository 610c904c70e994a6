package io.statxplore.core.record;

import org.apache.calcite.sql.type.SqlTypeName;

import static java.util.Objects.requireNonNull;

/**
 * A column of a record-shaped table.
 *
 * @param name the SQL name
 * @param id the API's name of the field it reads (several columns may read one field)
 * @param type the SQL type; values are converted to it by {@link RecordValues}
 * @param remarks label and description, for {@code DatabaseMetaData.getColumns}
 */
public record RecordColumn(String name, String id, SqlTypeName type, String remarks) implements Output {
  public RecordColumn {
    requireNonNull(name, "name");
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(remarks, "remarks");
  }
}
