package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.sql.UcServer;

import mockwebserver3.MockResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures end in an {@link SQLException} that names the cause (in the API's words where it
 * has them) with a fitting SQLState, and the API key appears in no message, URL or plan.
 */
class ErrorsTest {
  private static final String KEY = "sx-secret-4f9a2c";
  private static final String QUERY = "select month, sum(households_on_universal_credit) from uc_households group by month";

  private FakeSuperstar server;
  private Connection connection;
  /** Every message the tests provoked, to check for the key at the end. */
  private final List<String> seen = new ArrayList<>();

  @BeforeEach void start() throws SQLException {
    server = UcServer.start();
    connection = DriverManager.getConnection(server.jdbcUrl(KEY));
  }

  @AfterEach void stop() throws SQLException {
    connection.close();
    server.close();
    for (String text : seen) {
      assertFalse(text.contains(KEY), () -> "key leaked in: " + text);
    }
  }

  private SQLException fails(String sql) {
    final SQLException e = assertThrows(SQLException.class, () -> rows(connection, sql));
    final StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    seen.add(trace.toString());
    return e;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json;charset=UTF-8")
        .body(body).build();
  }

  private static void assertMessage(SQLException e, String state, String... parts) {
    assertEquals(state, e.getSQLState(), e::getMessage);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
    }
  }

  @Test void authenticationFailureNamesTheCause() {
    server.respondNext("/schema", json(401, "{\"message\":\"Error authenticating API key. Please contact your"
        + " system administrator.\",\"errorType\":\"AUTHENTICATION\"}"));
    assertMessage(fails(QUERY), "28000", "HTTP 401", "GET /schema", "AUTHENTICATION: Error authenticating API key");
  }

  @Test void cellLimitNamesTheLimit() {
    server.respondNext("/table", json(400, "{\"message\":\"Your request exceeds the configured cell limit of 1,000,000."
        + " It contains at least 21,976,902 cells.\",\"errorType\":\"CELL_COUNT\",\"value\":21976902,\"limit\":1000000}"));
    assertMessage(fails(QUERY), "54000", "HTTP 400", "POST /table", "CELL_COUNT", "cell limit of 1,000,000");
  }

  @Test void htmlWithStatus200IsNotParsed() {
    server.respondNext("/table", new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
        .body("<html><head><title>Request Rejected</title></head><body>The requested URL was rejected.</body></html>")
        .build());
    assertMessage(fails(QUERY), "08P01", "HTML page titled \"Request Rejected\"", "instead of JSON (HTTP 200)");
  }

  @Test void serverErrorWithoutJson() {
    server.respondNext("/table", new MockResponse.Builder().code(500).setHeader("Content-Type", "text/plain")
        .body("java.lang.NullPointerException at com.example.Server").build());
    assertMessage(fails(QUERY), "08006", "HTTP 500", "NullPointerException at com.example.Server");
  }

  @Test void truncatedAnswerIsNotPresentedAsComplete() throws SQLException {
    final String body = answerOf(QUERY);
    for (int cut : new int[] {body.length() - 2, body.indexOf("\"cubes\"") + 40, body.indexOf("\"fields\"") + 10}) {
      server.respondNext("/table", json(200, body.substring(0, cut)));
      assertMessage(fails(QUERY), "08P01", "broken /table answer", "truncated");
    }
  }

  @Test void malformedJson() {
    server.respondNext("/table", json(200, "{\"query\": {}, \"fields\": [ }"));
    assertMessage(fails(QUERY), "08P01", "malformed JSON");
  }

  @Test void cubeThatDoesNotMatchItsFields() throws SQLException {
    final String body = answerOf(QUERY).replaceFirst("\\[ ([0-9.E]+), ", "[ ");
    server.respondNext("/table", json(200, body));
    assertMessage(fails(QUERY), "08P01", "the values of " + UcServer.COUNT + " have 3 entries for the 4 items of field "
        + UcServer.MONTH);
  }

  @Test void unknownComponent() {
    server.respondNext("/schema/" + UcServer.DB, json(400, "{\"message\":\"Could not find the requested component:"
        + " " + UcServer.DB + ".\",\"errorType\":\"SCHEMA_COMPONENT_NOT_FOUND\",\"component\":\"" + UcServer.DB + "\"}"));
    assertMessage(fails(QUERY), "42S02", "SCHEMA_COMPONENT_NOT_FOUND", "Could not find the requested component");
  }

  @Test void unknownTableColumnAndBadSql() {
    assertMessage(fails("select * from no_such_table"), "42000",
        "From line 1, column 15 to line 1, column 27: Object 'no_such_table' not found");
    assertMessage(fails("select no_such_column from uc_households"), "42000",
        "Column 'no_such_column' not found in any table");
    final SQLException syntax = fails("select from where");
    assertMessage(syntax, "42000", "SQL syntax error: ", "line 1, column 8");
    assertFalse(syntax.getMessage().contains("Was expecting"), syntax::getMessage);
  }

  @Test void aKeyEchoedByTheServerIsRedacted() {
    server.respondNext("/schema", json(403, "{\"message\":\"Key " + KEY + " is not allowed\",\"errorType\":\"FORBIDDEN\"}"));
    assertMessage(fails(QUERY), "28000", "Key *** is not allowed");
  }

  @Test void theKeyIsNeverShown() throws SQLException {
    seen.add(connection.getMetaData().getURL());
    seen.add(connection.toString());
    seen.add((String) rows(connection, "explain plan for " + QUERY).get(0).get(0));
    final String url = connection.getMetaData().getURL();
    assertTrue(url.contains("apiKey=***"), url);
    final Properties info = new Properties();
    info.setProperty("password", KEY);
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:url='" + server.baseUrl() + "'", info)) {
      seen.add(c.getMetaData().getURL());
      server.clearRequests();
      rows(c, QUERY);
      assertEquals(KEY, server.requests().get(0).getHeaders().get("APIKey"));
    }
  }

  @Test void fixtureErrorBodiesMapToTheirCauses() throws IOException {
    final Path dir = Path.of(System.getProperty("statxplore.sharedFixtures", "../../shared/fixtures"), "superstar");
    Assumptions.assumeTrue(Files.isDirectory(dir), "shared fixtures not found at " + dir
        + "; conformance with the real error bodies is checked where ../shared/fixtures exists (CI)");
    final Object[][] cases = {
        {"statcube_error_401_authentication.reconstructed.json", 401, "28000"},
        {"statcube_error_400_cell_count.body.json", 400, "54000"},
        {"statcube_error_400_schema_component_not_found.body.json", 400, "42S02"},
        {"statcube_error_400_txd_not_found.body.json", 400, "42S02"},
    };
    for (Object[] c : cases) {
      final String body = Files.readString(dir.resolve((String) c[0]));
      final String message = body.replaceAll("(?s).*\"message\"\\s*:\\s*\"([^\"]*)\".*", "$1");
      server.respondNext("/table", json((Integer) c[1], body));
      assertMessage(fails(QUERY), (String) c[2], message);
    }
    server.respondNext("/table", new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
        .body(Files.readString(dir.resolve("statcube_error_200_texthtml_request_rejected_invalid_uri.html"))).build());
    assertMessage(fails(QUERY), "08P01", "Request Rejected");
  }

  /** The body the fake server answers {@code sql} with. */
  private String answerOf(String sql) throws SQLException {
    server.clearRequests();
    rows(connection, sql);
    final var body = server.tableBodies().get(0);
    try (FakeSuperstar probe = UcServer.start();
         var client = new okhttp3.OkHttpClient.Builder().build().newCall(new okhttp3.Request.Builder()
             .url(probe.baseUrl() + "/table")
             .post(okhttp3.RequestBody.create(body.toString(), okhttp3.MediaType.get("application/json"))).build())
             .execute()) {
      return client.body().string();
    } catch (IOException e) {
      throw new SQLException(e);
    }
  }
}
