package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

class SmokeTest {
  @Test void smoke() throws Exception {
    try (FakeSuperstar server = UcServer.start();
         Connection c = DriverManager.getConnection(server.jdbcUrl("K"))) {
      for (String sql : new String[] {
          "select month, sum(households_on_universal_credit) from uc_households group by month",
          "explain plan for select month, sum(households_on_universal_credit) from uc_households where region in ('London', 'North East') group by month",
          "select region, month, family_type, households_on_universal_credit from uc_households where region = 'London' and month_code = '201805'",
          "select sum(households_on_universal_credit) from uc_households",
          "select region, avg(mean_of_payment_amount) from uc_households group by rollup(region)", "select region, sum(mean_of_payment_amount) from uc_households group by region",
          "explain plan without implementation for select region, avg(mean_of_payment_amount) from uc_households group by region",
          "select region, sum(households_on_universal_credit) from uc_households group by rollup(region)",
      }) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
          System.out.println("== " + sql);
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= n; i++) sb.append(rs.getString(i)).append(" | ");
            System.out.println(sb);
          }
          System.out.println("warnings: " + s.getWarnings());
        }
      }
      server.requests().forEach(r -> System.out.println(r.getMethod() + " " + r.getUrl().encodedPath()));
    }
  }
}
