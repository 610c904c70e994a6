package io.statxplore.opendatasoft.sql;

import io.statxplore.core.record.RecordQuery;
import io.statxplore.core.testkit.SqlKit;
import io.statxplore.opendatasoft.OdsAdapterFactory;

import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * OpenDataSoft through the test kit's own checks: the {@link RecordQuery} the engine asks of the
 * adapter beside the request on the wire, and a declared secret setting given as a connection
 * would give it.
 */
class OdsKitTest {
  @Test void aGroupedQueryIsOneRecordQueryAndOneRequest() throws SQLException {
    try (FakeOds ods = new FakeOds();
         SqlKit<Object> kit = SqlKit.open(new OdsAdapterFactory(), ods.baseUrl()).key("s3cr3t-key").kit()) {
      ods.respondNext("/records", 200, "{\"results\": [{\"country_code\": \"FR\", \"agg_0\": 3},"
          + " {\"country_code\": \"BE\", \"agg_0\": 1}]}");
      kit.query("select country_code, count(*) as n from geo group by country_code")
          .returnsUnordered("country_code=FR; n=3", "country_code=BE; n=1")
          .sentOnce(q -> assertEquals(1, assertInstanceOf(RecordQuery.class, q).groupKeys().size()));
      final List<RecordedRequest> sent = ods.dataRequests();
      assertEquals(1, sent.size());
      assertEquals("country_code", sent.get(0).getUrl().queryParameter("group_by"));
    }
  }

  @Test void aDeclaredSecretSettingReachesTheAdapter() throws SQLException {
    try (FakeOds ods = new FakeOds();
         SqlKit<Object> kit = SqlKit.open(new OdsAdapterFactory(), ods.baseUrl()).key("s3cr3t-key")
             .set("pushKey", "geo:pk-secret").kit();
         Statement s = kit.connection().createStatement()) {
      ods.respondNext("/realtime/push/", 200, "{\"status\": \"OK\"}");
      assertEquals(1, s.executeUpdate("insert into geo (name) values ('Nowhere')"));
      final List<RecordedRequest> pushes = ods.requests().stream()
          .filter(r -> r.getUrl().encodedPath().startsWith("/api/push/")).toList();
      assertEquals(1, pushes.size());
      assertEquals("pushkey=pk-secret", pushes.get(0).getUrl().query());
      assertNull(pushes.get(0).getHeaders().get("Authorization"), "the API key is not the push key");
    }
  }
}
