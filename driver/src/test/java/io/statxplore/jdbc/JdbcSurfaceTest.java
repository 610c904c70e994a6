package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.sql.UcServer;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.List;
import java.util.Map;

import static io.statxplore.superstar.sql.SqlAssert.row;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What generic JDBC clients (pools, transaction managers, Spark, jOOQ, schema browsers) call
 * around the queries: auto-commit and transactions, the type map, {@code isValid}, and parameters
 * of {@code LIMIT}/{@code OFFSET}/{@code FETCH} bound with any integral type.
 */
class JdbcSurfaceTest extends DriverUcServerTestBase {
  private static final String MONTHS = "select month_code from uc_households group by month_code order by month_code";

  @Test void autoCommitIsOnAndCommitAndRollbackDoNothing() throws SQLException {
    assertTrue(connection.getAutoCommit());
    connection.commit();
    connection.rollback();
    connection.setAutoCommit(true);
    assertNull(connection.getWarnings());
    assertEquals(List.of(row("201805"), row("201806")), query(MONTHS + " limit 2"));
  }

  @Test void autoCommitOffIsAcceptedWithAWarningAndChangesNothing() throws SQLException {
    connection.setAutoCommit(false);
    assertFalse(connection.getAutoCommit());
    final SQLWarning warning = connection.getWarnings();
    assertNotNull(warning);
    assertEquals("01000", warning.getSQLState());
    assertTrue(warning.getMessage().contains("no transactions"), warning.getMessage());
    assertEquals(List.of(row("201805")), query(MONTHS + " limit 1"));
    connection.commit();
    connection.rollback();
    connection.setAutoCommit(true);
    assertTrue(connection.getAutoCommit());
    assertEquals(1, server.requestCount("/table"));
  }

  @Test void transactionCallsOnAClosedConnectionFailWith08003() throws SQLException {
    connection.close();
    for (Call call : List.<Call>of(connection::getAutoCommit, () -> connection.setAutoCommit(true),
        connection::commit, connection::rollback, connection::getTypeMap)) {
      assertEquals("08003", assertThrows(SQLException.class, call::run).getSQLState());
    }
  }

  @Test void theTypeMapIsEmpty() throws SQLException {
    final Map<String, Class<?>> map = connection.getTypeMap();
    assertTrue(map.isEmpty());
  }

  @Test void limitOffsetAndFetchTakeAnyIntegralParameterType() throws SQLException {
    final List<Binder> binders = List.of(
        (p, i, v) -> p.setInt(i, v),
        (p, i, v) -> p.setLong(i, v),
        (p, i, v) -> p.setShort(i, (short) v),
        (p, i, v) -> p.setByte(i, (byte) v),
        (p, i, v) -> p.setBigDecimal(i, BigDecimal.valueOf(v)),
        (p, i, v) -> p.setObject(i, (long) v),
        (p, i, v) -> p.setObject(i, BigDecimal.valueOf(v)),
        (p, i, v) -> p.setObject(i, (short) v));
    for (String sql : List.of(MONTHS + " limit ? offset ?",
        MONTHS + " offset ? rows fetch next ? rows only")) {
      final boolean limitFirst = sql.contains("limit");
      for (Binder binder : binders) {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
          binder.bind(p, limitFirst ? 1 : 2, 2);
          binder.bind(p, limitFirst ? 2 : 1, 1);
          assertEquals(List.of(row("201806"), row("201807")), rows(p.executeQuery()), sql);
        }
      }
    }
  }

  @Test void aLimitParameterOutOfRangeOrWithAFractionIsRefused() throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(MONTHS + " limit ?")) {
      assertEquals("22003", assertThrows(SQLDataException.class, () -> p.setLong(1, 1L << 40)).getSQLState());
      assertEquals("22018", assertThrows(SQLDataException.class,
          () -> p.setBigDecimal(1, new BigDecimal("1.5"))).getSQLState());
      p.setBigDecimal(1, new BigDecimal("1.00"));
      assertEquals(List.of(row("201805")), rows(p.executeQuery()));
    }
  }

  @Test void isValidAsksTheServerOnceForManyCallsAndRejectsANegativeTimeout() throws SQLException {
    assertTrue(connection.isValid(5));
    assertTrue(connection.isValid(5));
    try (Connection other = DriverManager.getConnection(server.jdbcUrl("test-key"))) {
      assertTrue(other.isValid(0));
    }
    assertEquals(1, server.requests().size(), server.requests().toString());
    assertEquals(0, server.requests().get(0).getHeaders().names().stream()
        .filter(h -> h.equalsIgnoreCase("APIKey")).count(), "the probe carries no key");
    assertEquals("22003", assertThrows(SQLException.class, () -> connection.isValid(-1)).getSQLState());
  }

  @Test void isValidIsFalseWhileTheServerIsDown() throws SQLException {
    final FakeSuperstar down = UcServer.start();
    try (Connection c = DriverManager.getConnection(down.jdbcUrl("test-key"))) {
      down.close();
      assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> assertFalse(c.isValid(2)));
    }
  }

  @Test void isValidIsFalseOnAClosedConnection() throws SQLException {
    connection.close();
    assertFalse(connection.isValid(1));
  }

  /** A JDBC call. */
  private interface Call {
    void run() throws SQLException;
  }

  /** Binds an integral value as one of the JDBC types. */
  private interface Binder {
    void bind(PreparedStatement p, int index, int value) throws SQLException;
  }
}
