package io.statxplore.jdbc;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that echoes the key or sends it elsewhere, and settings that would: the key goes
 * only to the configured scheme, host and port, and no message shows it, however short it is.
 */
class HostileSecretsTest {
  private static final String SQL = "select count(*) from uc_households";

  /** The message of {@code e} and of each of its causes. */
  private static String messages(Throwable e) {
    final StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t).append('\n');
    }
    return b.toString();
  }

  @Test void aKeyEchoedInBrokenJsonIsRedactedFromTheMessageAndItsCauses() throws IOException, SQLException {
    final String key = "EchoedKey4711abcdef";
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body("{\"id\": " + key + "}").build());
      server.start();
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + server.url("/api/")
          + ";retries=0;apiKey=" + key)) {
        final SQLException e = assertThrows(SQLException.class, () -> rows(c, SQL));
        assertEquals("08P01", e.getSQLState());
        assertTrue(e.getMessage().contains("Unrecognized token '***'"), e::getMessage);
        assertFalse(messages(e).contains(key), messages(e));
      }
    }
  }

  @Test void shortAndLongKeysLeaveMessagesReadable() throws IOException, SQLException {
    final int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    for (String key : new String[] {"e", "ek", "0123456789abcdefghijABCDEFGHIJ0123456789"}) {
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=http://127.0.0.1:" + port
          + "/api/;retries=0;timeout=2;apiKey=" + key)) {
        final String url = c.getMetaData().getURL();
        assertTrue(url.endsWith("/api/;retries=0;timeout=2;apiKey=***"), url);
        final SQLException e = assertThrows(SQLException.class, () -> rows(c, SQL));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().startsWith("Could not reach SuperSTAR API at 127.0.0.1 at http://127.0.0.1:"
            + port + "/api/ (GET /schema?depth=folder): Failed to connect"), key + ": " + e.getMessage());
        assertFalse(messages(e).contains(key.length() > 2 ? key : "'" + key + "'"), messages(e));
      }
    }
  }

  @Test void aRedirectOfMetadataToAnotherPortIsRefusedAndSendsNothingThere() throws Exception {
    final String key = "redirected-key-9";
    try (MockWebServer home = new MockWebServer(); MockWebServer foreign = new MockWebServer()) {
      home.start();
      foreign.start();
      final String elsewhere = foreign.url("/api/schema").newBuilder().host(home.getHostName()).build().toString();
      home.enqueue(new MockResponse.Builder().code(307).setHeader("Location", elsewhere).build());
      foreign.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{}").build());
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + home.url("/api/") + ";apiKey=" + key)) {
        final SQLException e = assertThrows(SQLException.class, () -> rows(c, SQL));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("(HTTP 307) to " + elsewhere + ", another port; not following it"),
            e::getMessage);
      }
      assertEquals(1, home.getRequestCount(), "not retried");
      final RecordedRequest sentOn = foreign.takeRequest(100, TimeUnit.MILLISECONDS);
      assertNull(sentOn, "a request went to the other port");
    }
  }

  @Test void plainHttpGoesOnlyToThisMachine() throws SQLException {
    for (String host : new String[] {"127.0.0.1.evil.com", "localhost.evil.com", "127.evil.com"}) {
      final SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection("jdbc:statxplore:url=http://" + host + "/api;apiKey=k").close());
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("would send the API key unencrypted"), e::getMessage);
    }
    for (String host : new String[] {"127.0.0.1", "127.0.0.2", "localhost", "[::1]"}) {
      DriverManager.getConnection("jdbc:statxplore:url=http://" + host + ":1/api;apiKey=k").close();
    }
  }
}
