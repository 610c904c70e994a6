package example;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connects with the driver from Maven alone and runs a pushed-down query against the bundled emulator. */
class ConsumerTest {
  @Test void queriesTheDemoEmulator() throws Exception {
    final List<String> regions = new ArrayList<>();
    double total = 0;
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:demo=true");
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT region, SUM(households_on_universal_credit) AS n"
             + " FROM uc_households WHERE region IN ('London', 'North East') GROUP BY region ORDER BY region")) {
      while (rs.next()) {
        regions.add(rs.getString(1));
        total += rs.getDouble(2);
      }
    }
    assertEquals(List.of("London", "North East"), regions);
    assertTrue(total > 0, "households counted: " + total);
  }
}
