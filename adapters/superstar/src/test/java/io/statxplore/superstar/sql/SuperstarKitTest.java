package io.statxplore.superstar.sql;

import io.statxplore.core.testkit.SqlKit;
import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.SuperstarAdapterFactory;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static io.statxplore.superstar.sql.SqlAssert.each;
import static io.statxplore.superstar.sql.SqlAssert.group;
import static io.statxplore.superstar.sql.SqlAssert.request;
import static io.statxplore.superstar.sql.SqlAssert.value;
import static io.statxplore.superstar.sql.UcServer.COUNT;
import static io.statxplore.superstar.sql.UcServer.GEO;
import static io.statxplore.superstar.sql.UcServer.MONTH;
import static io.statxplore.superstar.sql.UcServer.month;
import static io.statxplore.superstar.sql.UcServer.region;
import static io.statxplore.superstar.sql.UcServerTestBase.N;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SuperSTAR through the test kit's own checks, with the requests read from the server's log: the
 * rows and the {@code /table} body on the wire, and a refusal in the API's terms before any request.
 */
class SuperstarKitTest {
  @Test void theRowsAndTheTableBodyOfAFilteredGrouping() throws SQLException {
    try (FakeSuperstar server = UcServer.start();
         SqlKit<JsonNode> kit = SqlKit.open(new SuperstarAdapterFactory(), server.baseUrl()).key("k").kit()
             .requestLog(server::tableBodies, server::clearRequests)) {
      final String london = region("E12000007");
      kit.query("select month_code, sum(" + N + ") as n from uc_households where region = 'London'"
              + " and month_code in ('201805', '201806') group by month_code")
          .returnsUnordered("month_code=201805; n=" + value(COUNT, month("201805"), london),
              "month_code=201806; n=" + value(COUNT, month("201806"), london))
          .sentOnce(body -> assertEquals(request(List.of(COUNT), List.of(MONTH, GEO),
              each(MONTH, false, month("201805"), month("201806")), group(GEO, london)), body))
          .warns();
    }
  }

  @Test void aMeanOfMeansIsRefusedBeforeAnyRequest() throws SQLException {
    try (FakeSuperstar server = UcServer.start();
         SqlKit<JsonNode> kit = SqlKit.open(new SuperstarAdapterFactory(), server.baseUrl()).key("k").kit()
             .requestLog(server::tableBodies, server::clearRequests)) {
      kit.query("select region, sum(mean_of_payment_amount) from uc_households group by region")
          .fails("0A000", "mean_of_payment_amount")
          .requestCount(0);
    }
  }
}
