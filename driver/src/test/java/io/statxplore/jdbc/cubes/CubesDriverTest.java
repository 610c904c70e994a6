package io.statxplore.jdbc.cubes;

import io.statxplore.cubes.emulator.CubesEmulator;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
      // A dimension's members: a table found by name, then listed.
      assertEquals(12, count(c, "SELECT COUNT(*) FROM Ukgov_Finances_Cra__Members_Region"));
      try (ResultSet rs = c.getMetaData().getTables(null, "cubes", "%\\_\\_members\\_%", null)) {
        assertTrue(rs.next());
        assertEquals("ukgov_finances_cra__members_region", rs.getString("TABLE_NAME"));
        assertFalse(rs.next());
      }
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

  private static List<String> privileges(Connection c, String table) throws SQLException {
    final List<String> rows = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTablePrivileges(null, "cubes", table)) {
      while (rs.next()) {
        rows.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + " " + rs.getString("PRIVILEGE")
            + " to " + rs.getString("GRANTEE") + (rs.getString("IS_GRANTABLE").equals("NO") ? "" : " grantable"));
      }
    }
    return rows;
  }

  private static List<String> sent(CubesEmulator e) {
    return e.requests().stream().map(r -> r.path() + (r.query().isEmpty() ? "" : "?" + r.query())
        + (r.authorization() == null ? "" : " " + r.authorization())).toList();
  }

  @Test void tablePrivilegesAreTheRightsOfThePermissionsApi() throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().apiKey("owner-secret-9").start()) {
      final String url = "jdbc:statxplore:api=cubes;url=" + e.baseUrl() + ";flavor=openspending-v2";
      try (Connection c = DriverManager.getConnection(url + ";apiKey=owner-secret-9")) {
        c.getMetaData().getTables(null, "cubes", "%", null).close();
        e.clearRequests();
        assertEquals(List.of("cubes.ukgov_finances_cra DELETE to CURRENT_USER",
            "cubes.ukgov_finances_cra INSERT to CURRENT_USER", "cubes.ukgov_finances_cra SELECT to CURRENT_USER",
            "cubes.ukgov_finances_cra UPDATE to CURRENT_USER"), privileges(c, "UKGOV_finances_cra"));
        assertEquals(List.of("/api/2/permissions?dataset=ukgov-finances-cra ApiKey owner-secret-9"), sent(e));
      }
      try (Connection c = DriverManager.getConnection(url)) {
        c.getMetaData().getTables(null, "cubes", "%", null).close();
        e.clearRequests();
        assertEquals(List.of("cubes.cra_wales_2010 SELECT to CURRENT_USER",
            "cubes.ukgov_finances_cra SELECT to CURRENT_USER"), privileges(c, "%"));
        assertEquals(List.of("/api/2/permissions?dataset=cra-wales-2010",
            "/api/2/permissions?dataset=ukgov-finances-cra"), sent(e).stream().sorted().toList());
      }
    }
  }

  @Test void aRefusedPermissionsRequestIsASqlException() throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().apiKey("right").start();
        Connection c = DriverManager.getConnection("jdbc:statxplore:api=cubes;url=" + e.baseUrl()
            + ";flavor=openspending-v2;apiKey=wrong-key-42")) {
      final SQLException x = assertThrows(SQLException.class, () -> privileges(c, "ukgov_finances_cra"));
      assertEquals("28000", x.getSQLState(), x.getMessage());
      assertFalse(x.getMessage().contains("wrong-key-42"), x.getMessage());
    }
  }

  @Test void aFlavorWithoutAPermissionsApiReportsNoPrivileges() throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().start();
        Connection c = DriverManager.getConnection("jdbc:statxplore:api=cubes;url=" + e.baseUrl() + ";flavor=babbage")) {
      c.getMetaData().getTables(null, "cubes", "%", null).close();
      e.clearRequests();
      assertEquals(List.of(), privileges(c, "%"));
      assertEquals(List.of(), sent(e));
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
