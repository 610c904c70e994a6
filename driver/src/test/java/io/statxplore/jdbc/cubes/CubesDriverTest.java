package io.statxplore.jdbc.cubes;

import io.statxplore.cubes.emulator.CubesEmulator;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code api=cubes} through the driver: the demo, the flavor setting, the key and the SQLStates. */
class CubesDriverTest {
  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test void theDemoServesTheBundledBudgetData() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:api=cubes;demo=true")) {
      assertEquals(3000, count(c, "SELECT COUNT(*) FROM ukgov_finances_cra"));
      assertEquals(12, count(c, "SELECT COUNT(*) FROM (SELECT region_name FROM cubes.ukgov_finances_cra"
          + " GROUP BY region_name)"));
    }
  }

  @Test void eachFlavorAnswersAlikeAndTheKeyIsSentButNeverShown() throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().apiKey("owner-secret-9").pageCap(7).start()) {
      long first = -1;
      for (String flavor : new String[] {"openspending-v2", "babbage", "cubes"}) {
        final Properties p = new Properties();
        p.setProperty("password", "owner-secret-9");
        try (Connection c = DriverManager.getConnection("jdbc:statxplore:api=cubes;url=" + e.baseUrl()
            + ";flavor=" + flavor, p)) {
          final long n = count(c, "SELECT COUNT(*) FROM (SELECT cofog3_name, SUM(amount) FROM ukgov_finances_cra"
              + " GROUP BY cofog3_name)");
          first = first < 0 ? n : first;
          assertEquals(first, n, flavor);
          assertFalse(c.getMetaData().getURL().contains("owner-secret-9"));
          assertFalse(c.toString().contains("owner-secret-9"));
        }
      }
      assertTrue(e.requests().stream().allMatch(r -> "ApiKey owner-secret-9".equals(r.authorization())));
    }
  }

  @Test void aWrongKeyIs28000() throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().apiKey("right").start();
        Connection c = DriverManager.getConnection("jdbc:statxplore:api=cubes;url=" + e.baseUrl()
            + ";flavor=babbage;apiKey=wrong-key-42")) {
      final SQLException x = assertThrows(SQLException.class, () -> count(c, "SELECT COUNT(*) FROM ukgov_finances_cra"));
      assertEquals("28000", x.getSQLState());
      assertTrue(x.getMessage().contains("Invalid API key"), x.getMessage());
      assertFalse(x.getMessage().contains("wrong-key-42"), x.getMessage());
    }
  }

  @Test void aFlavorOutsideTheChoicesIsRefused() {
    final SQLException x = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:statxplore:api=cubes;url=http://127.0.0.1:9;flavor=olap"));
    assertTrue(x.getMessage().contains("flavor"), x.getMessage());
  }
}
