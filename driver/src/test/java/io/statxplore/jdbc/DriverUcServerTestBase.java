package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.sql.UcServerTestBase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** {@link UcServerTestBase} through the driver: the JDBC surface over the same server and requests. */
abstract class DriverUcServerTestBase extends UcServerTestBase {
  @Override protected Connection open(FakeSuperstar server) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl("test-key"));
  }
}
