package io.statxplore.opendatasoft.sql;

import mockwebserver3.MockResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.statxplore.core.testkit.SqlKit.message;
import static io.statxplore.core.testkit.SqlKit.sqlState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both ODS error shapes, 401, 404, an HTML page with status 200, and quota waits within the timeout. */
class OdsErrorsTest {
  private FakeOds ods;

  @BeforeEach void start() {
    ods = new FakeOds();
  }

  @AfterEach void stop() {
    ods.close();
  }

  private SQLException fails() {
    final SQLException e = assertThrows(SQLException.class, () -> {
      try (Connection c = ods.connect(); Statement s = c.createStatement()) {
        s.executeQuery("select name from geo limit 5").close();
      }
    });
    assertFalse(e.getMessage().contains("s3cr3t-key"), e.getMessage());
    return e;
  }

  @Test void queryErrorShape() {
    ods.respondNext("/records", 400, "{\"message\": \"ODSQL query is malformed: invalid_function() Clause(s)"
        + " containing the error(s): select.\", \"error_code\": \"ODSQLError\"}");
    final SQLException e = fails();
    assertEquals("42000", sqlState(e));
    assertTrue(message(e).contains("HTTP 400") && message(e).contains("ODSQLError: ODSQL query is malformed"),
        message(e));
  }

  @Test void unauthorisedAndUnknownDataset() {
    ods.respondNext("/records", 401, "{\"error\": \"API key is not valid\"}");
    final SQLException auth = fails();
    assertEquals("28000", sqlState(auth));
    assertTrue(message(auth).contains("API key is not valid"), message(auth));
    ods.respondNext("/records", 404, "{\"error\": \"Unknown dataset: geo\"}");
    final SQLException missing = fails();
    assertEquals("42S02", sqlState(missing));
    assertTrue(message(missing).contains("Unknown dataset: geo"), message(missing));
  }

  @Test void htmlWithStatus200() {
    ods.respondNext("/records", new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
        .body("<html><head><title>Log in</title></head><body>s3cr3t-key</body></html>").build());
    final SQLException e = fails();
    assertEquals("08P01", sqlState(e));
    assertTrue(message(e).contains("an HTML page titled \"Log in\""), message(e));
  }

  @Test void quotaErrorWaitsForItsResetWithinTheTimeout() throws SQLException {
    final Instant reset = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    ods.respondNext("/records", 429, "{\"errorcode\": 10002, \"reset_time\": \"" + reset + "\", \"limit_time_unit\":"
        + " \"day\", \"call_limit\": 10000, \"error\": \"Too many requests on the domain.\"}");
    try (Connection c = ods.connect(); Statement s = c.createStatement()) {
      s.executeQuery("select name from geo limit 5").close();
    }
    assertEquals(2, ods.dataRequests().size(), "sent again after the reset");
    assertFalse(Instant.now().isBefore(reset), "waited until " + reset);
  }

  @Test void quotaErrorResettingAfterTheTimeoutFailsAtOnce() {
    ods.respondNext("/records", 429, "{\"errorcode\": 10005, \"reset_time\": \"2099-01-26T00:00:00Z\","
        + " \"limit_time_unit\": \"day\", \"call_limit\": 1000, \"error\": \"You have exceeded the requests limit"
        + " for anonymous users.\"}");
    final long start = System.nanoTime();
    final SQLException e = fails();
    assertTrue(System.nanoTime() - start < 3_000_000_000L, "did not wait for a reset after the timeout");
    assertEquals("08004", sqlState(e));
    assertTrue(message(e).contains("exceeded the requests limit for anonymous users")
        && message(e).contains("limit 1000 calls per day"), message(e));
  }
}
