package io.statxplore.jdbc;

import io.statxplore.core.http.ApiClient;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that stalls while the driver reads metadata to plan a query, or while it waits for an
 * answer: the statement's timeout, {@code cancel()} and {@code close()} and the connection's
 * {@code close()}, from another thread, end the wait within about 100 ms; {@code cancel()} itself
 * never waits; a cancelled statement runs its next query; no call is left open.
 */
class HostileCancelTest {
  private static final String KEY = "cancel-key-1138";
  private static final String SQL =
      "select month, sum(households_on_universal_credit) from uc_households group by month";
  /** Longer than any test may take; a test that waits for it has failed. */
  private static final Duration STALL = Duration.ofSeconds(10);

  private SuperstarEmulator api;
  private Connection connection;
  private List<List<Object>> healthy;

  @BeforeEach void start() throws SQLException {
    api = SuperstarEmulator.builder().apiKey(KEY).start();
    try (Connection warm = connect()) {
      healthy = rows(warm, SQL);
    }
    connection = connect();
    // Tables are listed; the columns of uc_households are read when a query is planned.
    rows(connection.getMetaData().getTables(null, null, "uc_households", null));
  }

  @AfterEach void stop() throws SQLException {
    connection.close();
    api.close();
    assertEquals(0, ApiClient.callsInFlight(), "a call was left open");
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl() + ";apiKey=" + KEY + ";cacheTtl=0s");
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  /** Runs {@code action} on another thread after 300 ms; gives when it started and how long it took. */
  private static CompletableFuture<long[]> later(Action action) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        Thread.sleep(300);
        final long start = System.nanoTime();
        action.run();
        return new long[] {start, millisSince(start)};
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A JDBC call. */
  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  @Test void theQueryTimeoutCoversMetadataReadWhilePlanning() throws SQLException {
    api.faults().onPath("/schema/").delay(STALL);
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(1);
      final long start = System.nanoTime();
      final SQLException e = assertThrows(SQLException.class, () -> rows(s.executeQuery(SQL)));
      assertInstanceOf(SQLTimeoutException.class, e, e::getMessage);
      assertEquals("HYT00", e.getSQLState());
      assertTrue(millisSince(start) < 2000, millisSince(start) + " ms with a 1 s timeout");
      api.faults().clear();
      assertEquals(healthy, rows(s.executeQuery(SQL)));
    }
  }

  @Test void cancelDuringPlanningReturnsAtOnceAndTheStatementRunsItsNextQuery() throws Exception {
    api.faults().onPath("/schema/").delay(STALL);
    try (Statement s = connection.createStatement()) {
      final CompletableFuture<long[]> cancel = later(s::cancel);
      final SQLException e = assertThrows(SQLException.class, () -> rows(s.executeQuery(SQL)));
      assertEquals("57014", e.getSQLState(), e::getMessage);
      assertTrue(cancel.get()[1] < 100, "cancel() took " + cancel.get()[1] + " ms");
      assertTrue(millisSince(cancel.get()[0]) < 500, "failed " + millisSince(cancel.get()[0]) + " ms after cancel()");
      api.faults().clear();
      assertEquals(healthy, rows(s.executeQuery(SQL)));
    }
  }

  @Test void aStatementCancelledWhileWaitingForItsAnswerRunsItsNextQuery() throws Exception {
    api.faults().onPath("/table").delay(STALL);
    try (Statement s = connection.createStatement()) {
      final CompletableFuture<long[]> cancel = later(s::cancel);
      final SQLException e = assertThrows(SQLException.class, () -> rows(s.executeQuery(SQL)));
      assertEquals("57014", e.getSQLState(), e::getMessage);
      assertTrue(millisSince(cancel.get()[0]) < 500, "failed " + millisSince(cancel.get()[0]) + " ms after cancel()");
      api.faults().clear();
      assertEquals(healthy, rows(s.executeQuery(SQL)));
      assertEquals(healthy, rows(s.executeQuery(SQL)));
    }
  }

  @Test void closingTheStatementFromAnotherThreadEndsItsPlanning() throws Exception {
    api.faults().onPath("/schema/").delay(STALL);
    final Statement s = connection.createStatement();
    final CompletableFuture<long[]> close = later(s::close);
    final SQLException e = assertThrows(SQLException.class, () -> rows(s.executeQuery(SQL)));
    assertEquals("57014", e.getSQLState(), e::getMessage);
    assertTrue(millisSince(close.get()[0]) < 500, "failed " + millisSince(close.get()[0]) + " ms after close()");
    assertTrue(s.isClosed());
  }

  @Test void closingTheConnectionFromAnotherThreadEndsTheWaitForAnAnswer() throws Exception {
    api.faults().onPath("/table").delay(STALL);
    final Statement s = connection.createStatement();
    final CompletableFuture<long[]> close = later(connection::close);
    final SQLException e = assertThrows(SQLException.class, () -> rows(s.executeQuery(SQL)));
    assertEquals("57014", e.getSQLState(), e::getMessage);
    assertTrue(millisSince(close.get()[0]) < 500, "failed " + millisSince(close.get()[0]) + " ms after close()");
    assertTrue(connection.isClosed());
  }

  @Test void aMetadataAnswerThatStallsIsATimeoutNotABrokenAnswer() throws IOException, SQLException {
    try (MockWebServer stalling = new MockWebServer()) {
      stalling.setDispatcher(new Dispatcher() {
        @Override public MockResponse dispatch(RecordedRequest request) {
          return new MockResponse.Builder().setHeader("Content-Type", "application/json")
              .body("{\"id\":\"str:folder:root\",\"label\":\"" + "x".repeat(10_000) + "\"}")
              .throttleBody(100, STALL.toSeconds(), TimeUnit.SECONDS).build();
        }
      });
      stalling.start();
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + stalling.url("/api/")
          + ";apiKey=" + KEY + ";timeout=1;retries=0")) {
        final long start = System.nanoTime();
        final SQLException e = assertThrows(SQLException.class, () -> rows(c, SQL));
        assertEquals("HYT00", e.getSQLState(), e::getMessage);
        assertTrue(millisSince(start) < 2500, millisSince(start) + " ms with a 1 s timeout");
      }
    }
  }
}
