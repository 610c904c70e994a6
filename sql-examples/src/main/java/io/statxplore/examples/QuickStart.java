package io.statxplore.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** The smallest useful program: list the tables, then one pushed-down query. Needs only the driver jar. */
public final class QuickStart {
  private QuickStart() {
  }

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
      try (ResultSet rs = c.getMetaData().getTables(null, "statxplore", "%", null)) {
        while (rs.next()) {
          System.out.println("table " + rs.getString("TABLE_NAME"));
        }
      }
      try (ResultSet rs = s.executeQuery(args[1])) {
        while (rs.next()) {
          System.out.println(rs.getString(1) + " = " + rs.getDouble(2));
        }
      }
    }
  }
}
