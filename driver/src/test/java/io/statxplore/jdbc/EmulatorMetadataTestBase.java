package io.statxplore.jdbc;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Metadata tests against a fresh emulator and connection each. */
abstract class EmulatorMetadataTestBase {
  SuperstarEmulator api;
  Connection connection;

  @BeforeEach void connect() throws SQLException {
    api = SuperstarEmulator.start();
    connection = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl());
  }

  @AfterEach void close() throws SQLException {
    connection.close();
    api.close();
  }

  /** The values of one column of a metadata result set, which it closes. */
  static List<String> column(ResultSet rs, String name) throws SQLException {
    final List<String> values = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        values.add(rs.getString(name));
      }
    }
    return values;
  }
}
