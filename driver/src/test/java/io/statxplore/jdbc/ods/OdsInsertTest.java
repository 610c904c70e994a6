package io.statxplore.jdbc.ods;

import io.statxplore.opendatasoft.sql.FakeOds;

import mockwebserver3.RecordedRequest;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** INSERT → one realtime push request with the dataset's push key, as odsclient's push_dataset_realtime. */
class OdsInsertTest {
  private static final String INSERT = "insert into geo (name, population, modified, capital, coordinates_lat,"
      + " coordinates_lon, alternate_names) values ('Nowhere', 12, date '2020-01-02', true, 1.5, 2.5, 'a,b'),"
      + " ('Elsewhere', null, null, false, null, null, null)";
  private FakeOds ods;

  @BeforeEach void start() {
    ods = new FakeOds();
  }

  @AfterEach void stop() {
    ods.close();
  }

  private List<RecordedRequest> pushes() {
    return ods.requests().stream().filter(r -> r.getUrl().encodedPath().startsWith("/api/push/")).toList();
  }

  @Test void insertPushesTheRowsInOneRequest() throws Exception {
    ods.respondNext("/realtime/push/", 200, "{\"status\": \"OK\"}");
    try (Connection c = DriverManager.getConnection(ods.jdbcUrl() + ";pushKey=geo:pk-secret");
        Statement s = c.createStatement()) {
      assertEquals(2, s.executeUpdate(INSERT));
      assertFalse(c.getMetaData().getURL().contains("pk-secret"), c.getMetaData().getURL());
    }
    assertEquals(1, pushes().size());
    final RecordedRequest push = pushes().get(0);
    assertEquals("POST", push.getMethod());
    assertEquals("/api/push/1.0/geo/realtime/push/", push.getUrl().encodedPath());
    assertEquals("pushkey=pk-secret", push.getUrl().query());
    assertNull(push.getHeaders().get("Authorization"), "the API key is not the push key");
    final ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree("[{\"name\": \"Nowhere\", \"population\": 12, \"modified\": \"2020-01-02\","
        + " \"capital\": true, \"coordinates\": {\"lat\": 1.5, \"lon\": 2.5}, \"alternate_names\": [\"a\", \"b\"]},"
        + " {\"name\": \"Elsewhere\", \"capital\": false}]"), json.readTree(push.getBody().utf8()));
  }

  @Test void withoutAPushKeyInsertFailsClearly() throws SQLException {
    try (Connection c = DriverManager.getConnection(ods.jdbcUrl()); Statement s = c.createStatement()) {
      final SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(INSERT));
      assertEquals("0A000", e.getSQLState());
      assertTrue(e.getMessage().contains("needs the realtime push key of dataset geo"), e.getMessage());
    }
    assertEquals(List.of(), pushes());
  }

  @Test void updateAndDeleteAreRefusedNotReportedAsDone() throws SQLException {
    try (Connection c = DriverManager.getConnection(ods.jdbcUrl() + ";pushKey=geo:pk-secret");
        Statement s = c.createStatement()) {
      for (String sql : List.of("delete from geo where name = 'Nowhere'", "update geo set population = 1")) {
        final SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql), sql);
        assertEquals("0A000", e.getSQLState(), e::getMessage);
        assertTrue(e.getMessage().startsWith(sql.substring(0, 6).toUpperCase() + " is not supported on this table"),
            e::getMessage);
        assertEquals("0A000", assertThrows(SQLException.class, () -> c.prepareStatement(sql)).getSQLState());
      }
    }
    assertEquals(List.of(), pushes());
  }

  @Test void aRejectedPushIsNotRetriedAndHidesTheKey() throws SQLException {
    ods.respondNext("/realtime/push/", 401, "{\"error\": \"Invalid push key\"}");
    try (Connection c = DriverManager.getConnection(ods.jdbcUrl() + ";pushKey=pk-secret");
        Statement s = c.createStatement()) {
      final SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(INSERT));
      assertEquals("28000", e.getSQLState());
      assertTrue(e.getMessage().contains("Invalid push key"), e.getMessage());
      assertFalse(e.getMessage().contains("pk-secret"), e.getMessage());
    }
    assertEquals(1, pushes().size());
  }
}
