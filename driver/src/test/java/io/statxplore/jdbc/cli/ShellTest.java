package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;
import io.statxplore.superstar.sql.AnswerCells;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static io.statxplore.jdbc.cli.Cli.KEY;
import static io.statxplore.jdbc.cli.Cli.run;
import static io.statxplore.jdbc.cli.Cli.tableBodies;
import static io.statxplore.jdbc.cli.Cli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a command the tool is sqlline, connected by the same options; the key is not in its output. */
class ShellTest {
  private static final String ODS_API = "/api/explore/v2.1/catalog/datasets";

  @Test void runsStatementsFromItsInput() {
    try (SuperstarEmulator emulator = SuperstarEmulator.builder().apiKey(KEY).start()) {
      final Cli.Result r = run("SELECT region, SUM(households_on_universal_credit) AS n FROM uc_households"
          + " WHERE region_code = 'E12000007' GROUP BY region;\n!quit\n", false, with(emulator));
      assertEquals(0, r.code(), r.err());

      final JsonNode body = SqlCommandTest.regions(false, 7);
      assertEquals(List.of(body), tableBodies(emulator));

      final List<Object> london = AnswerCells.rows(emulator.table(body)).get(0);
      final JsonNode row = Cli.JSON.valueToTree(london);
      assertTrue(Pattern.compile("\\|\\s*London\\s*\\|\\s*" + Pattern.quote(row.get(1).asText()) + "\\s*\\|")
          .matcher(r.out()).find(), r.out());
      assertFalse(r.out().contains(KEY) || r.err().contains(KEY));
    }
  }

  /** An OpenDataSoft portal of one dataset, {@code geo}, that takes realtime pushes. */
  private static MockWebServer portal() throws Exception {
    final String dataset = """
        {"dataset_id": "geo", "has_records": true, "metas": {"default": {"title": "Geo", "records_count": 1}},
         "fields": [{"name": "name", "label": "Name", "type": "text", "annotations": {}, "description": null},
          {"name": "population", "label": "Population", "type": "int", "annotations": {}, "description": null}]}""";
    final MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        final String path = request.getUrl().encodedPath();
        final String body = path.equals(ODS_API) ? "{\"total_count\": 1, \"results\": [" + dataset + "]}"
            : path.equals(ODS_API + "/geo") ? dataset
            : path.startsWith("/api/push/") ? "{\"status\": \"OK\"}"
            : null;
        return body == null ? new MockResponse.Builder().code(404).build()
            : new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
      }
    });
    server.start();
    return server;
  }

  @Test void theSecretsReachTheDriverButNoListing() throws Exception {
    try (MockWebServer server = portal()) {
      final Cli.Result r = run("INSERT INTO geo (name) VALUES ('x');\n!list\n!dbinfo\n!quit\n", false,
          "--url", "jdbc:statxplore:api=opendatasoft;url=" + server.url("/") + ";pushKey='other:PUSH-1,geo:PUSH-2'",
          "-k", KEY);
      assertEquals(0, r.code(), r.err());
      final List<RecordedRequest> pushes = new ArrayList<>();
      for (int i = server.getRequestCount(); i > 0; i--) {
        final RecordedRequest request = server.takeRequest();
        if (request.getUrl().encodedPath().startsWith("/api/push/")) {
          pushes.add(request);
        } else {
          assertEquals("Apikey " + KEY, request.getHeaders().get("Authorization"), request.getUrl().toString());
        }
      }
      assertEquals(1, pushes.size(), r.err());
      assertEquals("/api/push/1.0/geo/realtime/push/?pushkey=PUSH-2", pushes.get(0).getUrl().encodedPath() + "?"
          + pushes.get(0).getUrl().encodedQuery());
      assertTrue(r.out().contains(" open     statxplore           jdbc:statxplore:api='opendatasoft';url='"
          + server.url("/") + "'\n"), "!list shows the URL without secrets: " + r.out());
      for (String secret : List.of(KEY, "PUSH-1", "PUSH-2")) {
        assertFalse(r.out().contains(secret) || r.err().contains(secret), secret);
      }
    }
  }

  @Test void aFailedConnectionShowsNoSecret() {
    final Cli.Result r = run("!list\n!quit\n", false,
        "--url", "jdbc:statxplore:demo=true;url=http://127.0.0.1:9/x;pushKey=PUSH-3", "-k", KEY);
    assertTrue(r.err().contains("demo"), r.err());
    assertFalse(r.out().contains("PUSH-3") || r.err().contains("PUSH-3") || r.out().contains(KEY)
        || r.err().contains(KEY), r.out() + r.err());
  }
}
