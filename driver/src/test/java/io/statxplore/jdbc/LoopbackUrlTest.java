package io.statxplore.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An {@code http://} URL is taken without {@code allowInsecureHttp} only for this machine: its
 * name or a loopback address in any form the URL may write it; any other host is refused. No
 * address is resolved to decide (nothing listens on port 9: connecting sends no request).
 */
class LoopbackUrlTest {
  @Test void loopbackAddressesInEveryFormAreThisMachine() throws SQLException {
    for (String host : List.of("localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "127.255.255.255", "[::1]",
        "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]")) {
      DriverManager.getConnection("jdbc:statxplore:url=http://" + host + ":9/api").close();
    }
  }

  @Test void otherHostsNeedHttps() {
    for (String host : List.of("10.0.0.1", "128.0.0.1", "[::2]", "127.0.0.1.example.com", "localhost.example.com",
        "[::ffff:10.0.0.1]", "1.127.0.0", "127.1")) {
      final SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection("jdbc:statxplore:url=http://" + host + ":9/api").close(), host);
      assertEquals("08001", e.getSQLState(), host);
      assertEquals(true, e.getMessage().contains("would send the API key unencrypted"), e.getMessage());
    }
  }
}
