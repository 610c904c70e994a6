package io.statxplore.jdbc;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connections of one JVM to the same URL with the same key and language read the schema once
 * (a pool, a Spark job's partitions), without {@code cacheDir}; another key or language, or an
 * answer older than {@code cacheTtl}, is read again.
 */
class SharedMetadataTest {
  private SuperstarEmulator api;

  @BeforeEach void start() {
    api = SuperstarEmulator.start();
  }

  @AfterEach void stop() {
    api.close();
  }

  private String url(String more) {
    return "jdbc:statxplore:url=" + api.baseUrl() + more;
  }

  /** What a tool or a partition does: list tables, read a table's columns, plan a query. */
  private static List<List<Object>> browse(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      final DatabaseMetaData md = c.getMetaData();
      final List<List<Object>> seen = new ArrayList<>(rows(md.getTables(null, "statxplore", "%", null)));
      seen.addAll(rows(md.getColumns(null, "statxplore", "uc_monthly", null)));
      try (Statement s = c.createStatement()) {
        seen.addAll(rows(s.executeQuery("select * from uc_households where region = 'London' and 1 = 0")));
      }
      return seen;
    }
  }

  private int schemaRequests() {
    return api.requestCount("/schema");
  }

  @Test void connectionsOfOneJvmReadTheSchemaOnce() throws SQLException {
    final List<List<Object>> first = browse(url(";apiKey=k1"));
    final int cold = schemaRequests();
    assertTrue(cold >= 3, cold + " /schema requests");
    // A pool's connections, open at once.
    final List<Connection> pool = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        pool.add(DriverManager.getConnection(url(";apiKey=k1")));
        assertEquals(first, browse(url(";apiKey=k1")));
      }
    } finally {
      for (Connection c : pool) {
        c.close();
      }
    }
    assertEquals(cold, schemaRequests(), "every later connection read the schema from the first one's answers");
  }

  @Test void anotherKeyOrLanguageReadsAgain() throws SQLException {
    final List<List<Object>> first = browse(url(";apiKey=k1"));
    final int cold = schemaRequests();
    assertEquals(first, browse(url(";apiKey=k2")));
    assertEquals(2 * cold, schemaRequests(), "another key");
    browse(url(";apiKey=k1;language=de"));
    assertEquals(3 * cold, schemaRequests(), "another language");
    browse(url(""));
    assertEquals(4 * cold, schemaRequests(), "no key");
    browse(url(";apiKey=k2"));
    assertEquals(4 * cold, schemaRequests(), "k2 again");
  }

  @Test void anAnswerOlderThanTheTtlIsReadAgain() throws Exception {
    browse(url(";apiKey=k1;cacheTtl=0s"));
    final int cold = schemaRequests();
    browse(url(";apiKey=k1;cacheTtl=0s"));
    assertEquals(2 * cold, schemaRequests(), "cacheTtl=0s shares nothing");
    browse(url(";apiKey=k1;cacheTtl=1s"));
    assertEquals(2 * cold, schemaRequests(), "answers younger than 1s are used");
    Thread.sleep(1_500);
    browse(url(";apiKey=k1;cacheTtl=1s"));
    assertEquals(3 * cold, schemaRequests(), "answers older than 1s are read again");
  }
}
