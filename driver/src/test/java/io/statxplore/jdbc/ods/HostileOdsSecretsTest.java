package io.statxplore.jdbc.ods;

import io.statxplore.opendatasoft.sql.FakeOds;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OpenDataSoft portal that echoes keys, and settings that would send them elsewhere: every
 * secret of a connection, in every form it was given, stays out of messages and {@code getURL()},
 * and {@code platform} names a platform, never a host of the user's choosing.
 */
class HostileOdsSecretsTest {
  private FakeOds ods;

  @BeforeEach void start() {
    ods = new FakeOds();
  }

  @AfterEach void stop() {
    ods.close();
  }

  /** The message of {@code e} and of each of its causes. */
  private static String messages(Throwable e) {
    final StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t).append('\n');
    }
    return b.toString();
  }

  @Test void everyPushKeyOfAListIsRedacted() throws SQLException {
    ods.respondNext("/realtime/push/", 401, "{\"error\": \"Invalid push key SECRET1 (SECRET2 is for other)\"}");
    try (Connection c = DriverManager.getConnection(ods.jdbcUrl() + ";pushKey=geo:SECRET1,other:SECRET2");
        Statement s = c.createStatement()) {
      final SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("insert into geo (name) values ('x')"));
      assertEquals("28000", e.getSQLState());
      assertTrue(e.getMessage().contains("/realtime/push/?pushkey=***") && e.getMessage().contains("Invalid push key"
          + " *** (*** is for other)"), e::getMessage);
      for (String secret : new String[] {"SECRET1", "SECRET2", "s3cr3t-key"}) {
        assertFalse(messages(e).contains(secret), messages(e));
        assertFalse(c.getMetaData().getURL().contains(secret), c.getMetaData().getURL());
      }
    }
    assertEquals("pushkey=SECRET1", ods.requests().get(ods.requests().size() - 1).getUrl().query());
  }

  @Test void aKeyEchoedInABrokenCatalogIsRedacted() throws SQLException {
    ods.respondNext(FakeOds.API, 200, "{\"total_count\": 1, \"results\": [EchoedOdsKey42]}");
    try (Connection c = DriverManager.getConnection(ods.jdbcUrl().replace("s3cr3t-key", "EchoedOdsKey42"))) {
      final SQLException e = assertThrows(SQLException.class,
          () -> c.createStatement().executeQuery("select name from geo").close());
      assertEquals("08P01", e.getSQLState(), e::getMessage);
      assertTrue(e.getMessage().contains("'***'"), e::getMessage);
      assertFalse(messages(e).contains("EchoedOdsKey42"), messages(e));
    }
  }

  @Test void aPlatformIsOnePlatformIdAndNeverAHost() {
    final String host = ods.jdbcUrl().replaceAll(".*url=http://([^/]+)/.*", "$1");
    for (String platform : new String[] {host + "/x?", "127.0.0.1", "a.b", "-a", "a b"}) {
      final SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
          "jdbc:statxplore:api=opendatasoft;platform=" + platform + ";apiKey=k").close());
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("platform must be an OpenDataSoft platform id"), e::getMessage);
    }
    assertEquals(0, ods.requests().size());
  }
}
