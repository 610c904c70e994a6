package io.statxplore.jdbc.ods;

import io.statxplore.opendatasoft.emulator.OdsEmulator;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** demo=true for api=opendatasoft, and the emulator's key check and quota as the driver sees them. */
class OdsDemoTest {
  @Test void demoConnectsToTheBundledEmulator() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:api=opendatasoft;demo=true");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*), count(distinct pollutant) from air_quality")) {
      assertTrue(rs.next());
      assertEquals(4000L, rs.getLong(1));
      assertEquals(4L, rs.getLong(2));
      assertEquals("opendatasoft", c.getSchema());
    }
  }

  @Test void aWrongKeyIsRefusedWithoutShowingIt() {
    try (OdsEmulator ods = OdsEmulator.builder().apiKey("right").start()) {
      final SQLException e = assertThrows(SQLException.class, () -> {
        try (Connection c = DriverManager.getConnection("jdbc:statxplore:api=opendatasoft;url=" + ods.baseUrl()
            + ";apiKey=wrong-key"); Statement s = c.createStatement()) {
          s.executeQuery("select count(*) from world_cities").close();
        }
      });
      assertEquals("28000", e.getSQLState());
      assertTrue(e.getMessage().contains("API key is not valid"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-key"), e.getMessage());
    }
  }

  @Test void theQuotaResetIsAwaitedWithinTheTimeout() throws SQLException {
    try (OdsEmulator ods = OdsEmulator.builder().callLimit(2, 1).start();
        Connection c = DriverManager.getConnection("jdbc:statxplore:api=opendatasoft;url=" + ods.baseUrl());
        Statement s = c.createStatement()) {
      for (int i = 0; i < 3; i++) {
        try (ResultSet rs = s.executeQuery("select count(*) from world_cities where capital")) {
          assertTrue(rs.next());
        }
      }
      assertTrue(ods.requests().size() >= 5, "catalog, 2 answered calls, a 429, the call after the reset: "
          + ods.requests().size());
    }
  }
}
