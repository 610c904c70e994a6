package io.statxplore.opendatasoft.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Running SQL in the ODS tests. */
final class OdsSql {
  private OdsSql() {
  }

  /** All rows of a query, each a list of column values. */
  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    final List<List<Object>> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        final List<Object> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
