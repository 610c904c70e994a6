package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static io.statxplore.jdbc.SqlAssert.rows;

/**
 * Tests against one {@link UcServer} per class, each test with a fresh connection whose table
 * metadata is already loaded, so that it sees only its own requests.
 */
abstract class UcServerTestBase {
  static final String N = "households_on_universal_credit";

  static FakeSuperstar server;
  Connection connection;

  @BeforeAll static void startServer() {
    server = UcServer.start();
  }

  @AfterAll static void stopServer() {
    server.close();
  }

  @BeforeEach void connect() throws SQLException {
    connection = DriverManager.getConnection(server.jdbcUrl("test-key"));
    rows(connection, "select * from uc_households where 1 = 0");
    server.clearRequests();
  }

  @AfterEach void close() throws SQLException {
    connection.close();
  }

  List<List<Object>> query(String sql) throws SQLException {
    return rows(connection, sql);
  }
}
