package io.statxplore.jdbc;

import io.statxplore.core.http.ApiClient;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator misbehaves on purpose (failures, HTML, truncation, delays, 429s); each query ends
 * with the right rows or a clear SQLException, after the right number of requests, in time.
 */
class FaultInjectionTest {
  /**
   * A key of each test's own: the driver shares an API's request budget by URL and key in the JVM,
   * and a later test's emulator may get the port of one whose budget a test spent.
   */
  private final String key = "fault-key-" + java.util.UUID.randomUUID();
  private static final String SQL =
      "select month, sum(households_on_universal_credit) from uc_households group by month";

  private SuperstarEmulator api;
  private Connection connection;
  private List<List<Object>> healthy;

  @BeforeEach void start() throws SQLException {
    api = SuperstarEmulator.builder().apiKey(key).start();
    connection = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl() + ";apiKey=" + key);
    healthy = rows(connection, SQL);
    api.resetRequests();
  }

  @AfterEach void stop() throws SQLException {
    connection.close();
    api.close();
    assertEquals(0, ApiClient.callsInFlight(), "a response body was left open");
  }

  private int tableRequests() {
    return api.requestCount("/table");
  }

  private SQLException failure(String sql) {
    final SQLException e = assertThrows(SQLException.class, () -> rows(connection, sql));
    assertFalse(e.getMessage().contains(key), e::getMessage);
    return e;
  }

  @Test void transientFailuresAreRetried() throws SQLException {
    api.faults().failNext(1, 503).failNext(1, 502).failNext(1, 504);
    assertEquals(healthy, rows(connection, SQL));
    // 503 and 502 are retried; the 504 (the gateway gave up) is answered by sending two halves.
    assertEquals(5, tableRequests());
  }

  @Test void retriesStopAtTheConfiguredCount() throws SQLException {
    try (Connection once = DriverManager.getConnection(
        "jdbc:statxplore:url=" + api.baseUrl() + ";apiKey=" + key + ";retries=1")) {
      api.faults().failNext(3, 503);
      final SQLException e = assertThrows(SQLException.class, () -> rows(once, SQL));
      assertEquals("08006", e.getSQLState());
      assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("Service Unavailable"), e::getMessage);
      assertEquals(2, tableRequests());
    }
  }

  @Test void clientErrorsAreNotRetried() {
    api.faults().failNext(1, 400);
    assertEquals("42000", failure(SQL).getSQLState());
    assertEquals(1, tableRequests());
  }

  @Test void htmlInsteadOfJsonIsABrokenAnswerAndNotRetried() {
    api.faults().htmlNext();
    final SQLException e = failure(SQL);
    assertEquals("08P01", e.getSQLState());
    assertTrue(e.getMessage().contains("HTML page titled \"Request Rejected\""), e::getMessage);
    assertEquals(1, tableRequests());
  }

  @Test void aTruncatedAnswerIsNeverAPartialResult() throws SQLException {
    for (int offset : new int[] {0, 10, 300, 2000}) {
      api.faults().truncateNextAt(offset);
      try (Statement s = connection.createStatement()) {
        final SQLException e = assertThrows(SQLException.class, () -> rows(s.executeQuery(SQL)));
        assertEquals("08P01", e.getSQLState(), e::getMessage);
      }
    }
    assertEquals(healthy, rows(connection, SQL));
  }

  @Test void theQueryTimeoutEndsASlowRequestAndTheConnectionStaysUsable() throws SQLException {
    api.faults().delay(Duration.ofSeconds(5));
    final long start = System.nanoTime();
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(1);
      final SQLException e = assertThrows(SQLException.class, () -> rows(s.executeQuery(SQL)));
      assertInstanceOf(SQLTimeoutException.class, e, e::getMessage);
      assertEquals("HYT00", e.getSQLState());
    }
    final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 2000, "ended " + millis + " ms after the start, the timeout was 1 s");
    assertEquals(1, tableRequests());
    api.faults().clear();
    assertEquals(healthy, rows(connection, SQL));
  }

  @Test void cancelStopsTheCallInFlight() throws Exception {
    api.faults().delay(Duration.ofSeconds(5));
    try (Statement s = connection.createStatement()) {
      final CompletableFuture<Long> cancelledAt = CompletableFuture.supplyAsync(() -> {
        try {
          Thread.sleep(300);
          s.cancel();
          return System.nanoTime();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      final SQLException e = assertThrows(SQLException.class, () -> rows(s.executeQuery(SQL)));
      final long lag = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt.get());
      assertEquals("57014", e.getSQLState(), e::getMessage);
      assertTrue(lag < 1000, "failed " + lag + " ms after cancel()");
    }
    api.faults().clear();
    assertEquals(healthy, rows(connection, SQL));
  }

  @Test void aThrottledRequestWaitsForTheResetWhenItFits() throws SQLException {
    api.faults().throttleNext(Duration.ofMillis(700));
    final long start = System.nanoTime();
    assertEquals(healthy, rows(connection, SQL));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 500);
    assertEquals(2, tableRequests());
  }

  @Test void aResetAfterTheTimeoutFailsAtOnceAndSaysWhen() throws SQLException {
    api.faults().throttleNext(Duration.ofMinutes(30));
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(5);
      final long start = System.nanoTime();
      final SQLException e = assertThrows(SQLException.class, () -> rows(s.executeQuery(SQL)));
      assertEquals("08004", e.getSQLState());
      assertTrue(e.getMessage().contains("resets at") && e.getMessage().contains("Rate limit exceeded"), e::getMessage);
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000);
    }
    // The budget is known now: the next query is refused before it is sent.
    final SQLException again = failure(SQL);
    assertEquals("08004", again.getSQLState());
    assertTrue(again.getMessage().contains("request budget") && again.getMessage().contains("is spent"), again::getMessage);
    assertEquals(1, tableRequests());
  }

  @Test void theBudgetInHeadersIsSharedByConnectionsWithTheSameKey() throws SQLException {
    try (SuperstarEmulator limited = SuperstarEmulator.builder().apiKey(key).tableRateLimit(2).start();
         Connection a = DriverManager.getConnection("jdbc:statxplore:url=" + limited.baseUrl() + ";apiKey=" + key);
         Connection b = DriverManager.getConnection("jdbc:statxplore:url=" + limited.baseUrl() + ";apiKey=" + key)) {
      assertEquals(12, rows(a, SQL).size());
      assertEquals(12, rows(b, SQL).size());
      final SQLException e = assertThrows(SQLException.class, () -> rows(a, SQL));
      assertEquals("08004", e.getSQLState());
      assertTrue(e.getMessage().contains("resets at"), e::getMessage);
      assertEquals(2, limited.requestCount("/table"));
    }
  }

  @Test void slowSchemaRequestsAreBoundedToo() throws SQLException {
    try (Connection fresh = DriverManager.getConnection(
        "jdbc:statxplore:url=" + api.baseUrl() + ";apiKey=" + key + ";timeout=1;retries=0;cacheTtl=0s")) {
      api.faults().onPath("/schema").delay(Duration.ofSeconds(3));
      final long start = System.nanoTime();
      final SQLException e = assertThrows(SQLException.class, () -> rows(fresh, SQL));
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2500);
      assertTrue(e.getMessage().contains("did not answer GET /schema"), e::getMessage);
    }
  }

  @Test void resultSetsClosedEarlyReleaseTheirCalls() throws SQLException {
    for (int i = 0; i < 50; i++) {
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(SQL)) {
        assertTrue(rs.next());
      }
    }
    assertEquals(50, tableRequests());
    assertEquals(healthy, rows(connection, SQL));
  }
}
