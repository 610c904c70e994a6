package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;

import mockwebserver3.MockResponse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 5,000,000-cell answer (40 MB of JSON) streams through {@code ResultSet.next()} in a JVM
 * limited to 256 MB of heap: rows are made as the answer arrives, never from a tree of it.
 */
class BoundedMemoryIT {
  private static final int AREAS = 2500;
  private static final int BANDS = 2000;
  private static final String DB = "str:database:BIG";
  private static final String[] FIELDS = {"str:field:BIG:F:AREA", "str:field:BIG:F:BAND"};
  private static final String COUNT = "str:count:BIG:F";

  @Test void fiveMillionCellsStreamIn256MegabytesOfHeap() throws Exception {
    try (FakeSuperstar server = new FakeSuperstar()) {
      server.node(FakeSuperstar.ROOT, DB, "Big table", "DATABASE").node(DB, COUNT, "People", "COUNT");
      final int[] sizes = {AREAS, BANDS};
      final String[] labels = {"Area", "Band"};
      for (int f = 0; f < 2; f++) {
        final String vs = FIELDS[f].replace("str:field:", "str:valueset:") + ":VS";
        server.node(DB, FIELDS[f], labels[f], "FIELD").node(FIELDS[f], vs, labels[f], "VALUESET");
        final String[] values = new String[2 * sizes[f]];
        for (int i = 0; i < sizes[f]; i++) {
          values[2 * i] = String.valueOf(i);
          values[2 * i + 1] = labels[f] + " " + i;
        }
        server.values(vs, values);
      }
      server.respondNext("/table", new MockResponse.Builder().code(200)
          .setHeader("Content-Type", "application/json;charset=UTF-8").body(answer(labels)).build());
      final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
          StreamRows.class.getName(), server.jdbcUrl("k"), "select area, band, people from big")
          .redirectErrorStream(true).start();
      final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(child.waitFor(5, TimeUnit.MINUTES));
      assertEquals(0, child.exitValue(), out);
      long sum = 0;
      for (int a = 0; a < AREAS; a++) {
        for (int b = 0; b < BANDS; b++) {
          sum += value(a, b);
        }
      }
      assertTrue(out.contains("rows=" + (long) AREAS * BANDS + " sum=" + sum), out);
      assertEquals(1, server.requestCount("/table"));
    }
  }

  private static long value(int area, int band) {
    return (area * 31L + band * 17L) % 100_000;
  }

  private static String answer(String[] labels) {
    final StringBuilder json = new StringBuilder(48 << 20);
    json.append("{\"query\":{},\"database\":{\"uri\":\"").append(DB).append("\"},\"measures\":[{\"uri\":\"")
        .append(COUNT).append("\",\"label\":\"People\"}],\"fields\":[");
    final int[] sizes = {AREAS, BANDS};
    for (int f = 0; f < 2; f++) {
      final String prefix = "str:value:" + FIELDS[f].substring("str:field:".length()) + ":VS:";
      json.append(f == 0 ? "" : ",").append("{\"uri\":\"").append(FIELDS[f]).append("\",\"label\":\"")
          .append(labels[f]).append("\",\"items\":[");
      for (int i = 0; i < sizes[f]; i++) {
        json.append(i == 0 ? "" : ",").append("{\"type\":\"RecodeItem\",\"uris\":[\"").append(prefix).append(i)
            .append("\"],\"labels\":[\"").append(labels[f]).append(' ').append(i).append("\"]}");
      }
      json.append("]}");
    }
    json.append("],\"cubes\":{\"").append(COUNT).append("\":{\"values\":[");
    for (int a = 0; a < AREAS; a++) {
      json.append(a == 0 ? "[" : ",[");
      for (int b = 0; b < BANDS; b++) {
        json.append(b == 0 ? "" : ",").append(value(a, b)).append(".0");
      }
      json.append(']');
    }
    return json.append("]}}}").toString();
  }

  /** The child JVM: runs a query and prints its row count and the sum of its last column. */
  static final class StreamRows {
    public static void main(String[] args) throws Exception {
      try (Connection c = DriverManager.getConnection(args[0]);
           Statement s = c.createStatement(); ResultSet rs = s.executeQuery(args[1])) {
        long rows = 0;
        long sum = 0;
        final int last = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          rows++;
          sum += (long) rs.getDouble(last);
        }
        System.out.println("rows=" + rows + " sum=" + sum + " maxHeapMB=" + Runtime.getRuntime().maxMemory() / (1 << 20));
      }
    }
  }
}
