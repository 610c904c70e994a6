package io.statxplore.jdbc;

import io.statxplore.superstar.sql.SqlAssert;
import io.statxplore.superstar.sql.UcServer;

import mockwebserver3.MockResponse;

import okio.Buffer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static io.statxplore.superstar.sql.UcServer.MONTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gzip "item bomb": a few megabytes on the wire that list 40 million items for a field of four.
 * The answer is refused as soon as it lists more items than the request can produce, long before
 * it could exhaust memory or the statement's timeout.
 */
class HostileBombTest extends DriverUcServerTestBase {
  private static final int ITEMS = 40_000_000;

  /** The bomb, gzipped as it is written, so that its 600 MB of JSON never exist at once. */
  private static Buffer bomb() throws IOException {
    final Buffer body = new Buffer();
    try (OutputStream gzip = new GZIPOutputStream(body.outputStream(), 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gzip.write(("{\"fields\":[{\"uri\":\"" + MONTH + "\",\"label\":\"Month\",\"items\":[")
          .getBytes(StandardCharsets.UTF_8));
      final byte[] items = "{\"labels\":[\"x\"]},".repeat(10_000).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < ITEMS / 10_000; i++) {
        gzip.write(items);
      }
      gzip.write("{\"labels\":[\"x\"]}]}],\"cubes\":{}}".getBytes(StandardCharsets.UTF_8));
    }
    return body;
  }

  @Test void anItemBombFailsPromptlyWithoutExhaustingMemory() throws IOException {
    final Buffer body = bomb();
    assertTrue(body.size() < 10_000_000, body.size() + " bytes");
    server.respondNext("/table", new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json;charset=UTF-8").setHeader("Content-Encoding", "gzip")
        .body(body).build());
    // Generous against a slow machine; the bomb took minutes (and all memory) when read whole.
    final SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(SQLException.class,
        () -> {
          try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(120);
            SqlAssert.rows(s.executeQuery("select month, sum(" + N + ") from uc_households group by month"));
          }
        }));
    assertEquals("08P01", e.getSQLState(), e::getMessage);
    assertTrue(e.getMessage().startsWith("SuperSTAR API at localhost answered more items for field Month of table"
        + " uc_households than the request asked for: 4 (May 2018, June 2018, July 2018, August 2018)"), e::getMessage);
    assertEquals(1, server.requestCount("/table"));
    // The month's items, fetched once the answer listed more than one request's cells allow.
    assertEquals(1, server.requestCount("/schema/" + UcServer.MONTH_VS));
  }
}
