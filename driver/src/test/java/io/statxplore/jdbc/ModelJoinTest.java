package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.sql.UcServer;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;

import static io.statxplore.superstar.sql.SqlAssert.onlyTableRequest;
import static io.statxplore.superstar.sql.SqlAssert.request;
import static io.statxplore.superstar.sql.SqlAssert.row;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static io.statxplore.superstar.sql.SqlAssert.value;
import static io.statxplore.superstar.sql.UcServer.COUNT;
import static io.statxplore.superstar.sql.UcServer.GEO;
import static io.statxplore.superstar.sql.UcServer.region;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A model adds local tables to the connection; a join with them still sends one aggregate request. */
class ModelJoinTest {
  private static Properties props(String key, String value) {
    final Properties p = new Properties();
    p.setProperty(key, value);
    return p;
  }

  @Test void joinsApiFiguresWithLocalData() throws Exception {
    final String model = "inline:{\"version\":\"1.0\",\"defaultSchema\":\"statxplore\",\"schemas\":[{\"name\":\"local\","
        + "\"tables\":[{\"name\":\"population\",\"type\":\"view\",\"sql\":\"select * from (values"
        + " ('E12000007', 8866180.0), ('E12000001', 2647012.0)) as t(code, people)\"}]}]}";
    try (FakeSuperstar server = UcServer.start();
         Connection c = DriverManager.getConnection(server.jdbcUrl("k"), props("model", model))) {
      final List<List<Object>> rows = rows(c, "select h.region, h.n / p.people as per_person"
          + " from (select region_code, region, sum(households_on_universal_credit) as n"
          + "       from uc_households group by region_code, region) h"
          + " join local.population p on p.code = h.region_code order by h.region");
      assertEquals(List.of(
          row("London", value(COUNT, region("E12000007")) / 8866180.0),
          row("North East", value(COUNT, region("E12000001")) / 2647012.0)), rows);
      assertEquals(request(List.of(COUNT), List.of(GEO)), onlyTableRequest(server));
    }
  }
}
