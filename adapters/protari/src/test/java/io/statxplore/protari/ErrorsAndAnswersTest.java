package io.statxplore.protari;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.testkit.SqlKit;
import io.statxplore.protari.emulator.ProtariEmulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API's error bodies and hostile answers, from MockWebServer: metadata as the emulator writes
 * it, the aggregation answer given per test. Each failure is an {@code SQLException} with the
 * README's SQLState and the API's {@code detail}, never the key; the request and its header are
 * checked.
 */
class ErrorsAndAnswersTest {
  private static final String KEY = "s3cret-key";
  private static String datasets;
  private static String sample;

  private final Queue<MockResponse> answers = new ConcurrentLinkedQueue<>();
  private final Queue<RecordedRequest> aggregations = new ConcurrentLinkedQueue<>();
  private MockWebServer server;
  /** The metadata of dataset sample this test serves. */
  private String sampleMeta = sample;

  /** Metadata bodies, as the emulator serves them. */
  @BeforeAll static void metadata() throws Exception {
    try (ProtariEmulator emulator = ProtariEmulator.start()) {
      final HttpClient http = HttpClient.newHttpClient();
      datasets = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/datasets/")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      sample = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/datasets/sample")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  @BeforeEach void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        final String path = request.getUrl().encodedPath();
        if (path.equals("/v1/datasets/")) {
          return json(200, datasets);
        }
        if (path.equals("/v1/datasets/sample")) {
          return json(200, sampleMeta);
        }
        aggregations.add(request);
        final MockResponse answer = answers.poll();
        return answer != null ? answer : json(500, "{\"detail\": \"no answer queued\", \"status\": 500}");
      }
    });
    server.start();
  }

  @AfterEach void stop() {
    server.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  private SQLException fails(String query, int code, String body, String... scheme) throws SQLException {
    answers.add(json(code, body));
    final SqlKit.Options options = SqlKit.open(new ProtariAdapterFactory(), server.url("/v1").toString()).key(KEY);
    for (String s : scheme) {
      options.set(ProtariAdapterFactory.AUTH_SCHEME, s);
    }
    try (SqlKit<?> sql = options.kit()) {
      final SQLException e = assertThrows(SQLException.class, () -> EmulatorAnswers.rows(sql, query));
      assertFalse(e.getMessage().contains(KEY), e.getMessage());
      return e;
    }
  }

  private static String sqlState(SQLException e) {
    return ApiException.find(e).kind().sqlState();
  }

  @Test void unauthorizedAndForbiddenAre28000WithTheDetail() throws SQLException {
    SQLException e = fails("SELECT SUM(people) FROM sample", 401, "{\"detail\": \"No authorization provided.\","
        + " \"name\": \"AuthorizationError\", \"status\": 401, \"title\": \"Unauthorized\"}");
    assertEquals("28000", sqlState(e));
    assertTrue(e.getMessage().contains("No authorization provided."), e.getMessage());
    e = fails("SELECT SUM(people) FROM sample", 403, "{\"detail\": \"Key " + KEY + " may not query sample.\","
        + " \"status\": 403, \"title\": \"Forbidden\", \"type\": \"about:blank\"}");
    assertEquals("28000", sqlState(e));
    assertTrue(e.getMessage().contains("may not query sample"), e.getMessage());
    final RecordedRequest sent = aggregations.poll();
    assertEquals("/v1/datasets/sample/aggregation", sent.getUrl().encodedPath());
    assertEquals("count", sent.getUrl().queryParameter("function"));
    assertEquals("Protari key=" + KEY, sent.getHeaders().get("Authorization"));
  }

  @Test void bearerSchemeSendsTheTokenAsBearer() throws SQLException {
    fails("SELECT SUM(people) FROM sample", 401, "{\"detail\": \"Token expired.\", \"status\": 401, \"title\": \"\"}",
        "bearer");
    assertEquals("Bearer " + KEY, aggregations.poll().getHeaders().get("Authorization"));
  }

  @Test void unknownDatasetIs42S02AndInvalidQueryIs42000() throws SQLException {
    SQLException e = fails("SELECT SUM(people) FROM sample", 404, "{\"detail\": \"Dataset sample not found.\","
        + " \"status\": 404, \"title\": \"Not Found\", \"type\": \"about:blank\"}");
    assertEquals("42S02", sqlState(e));
    e = fails("SELECT SUM(people) FROM sample WHERE amount_code = '0-9.99'", 400, "{\"detail\": \"Upper bound 13 not"
        + " allowed - try 9.99 or 19.99 instead.\", \"status\": 400, \"title\": \"\", \"type\": \"about:blank\"}");
    assertEquals("42000", sqlState(e));
    assertTrue(e.getMessage().contains("Upper bound 13 not allowed - try 9.99 or 19.99 instead."), e.getMessage());
  }

  private static final String FIELDS = "\"fields\": [{\"name\": \"SEX\", \"title\": \"Sex\"}, {\"name\": \"perturbed"
      + " count\", \"is_result\": true, \"is_perturbed\": true, \"function\": {\"name\": \"count\"}}]";

  @Test void aGoodAnswerGivesItsRows() throws SQLException {
    answers.add(json(200, "{" + FIELDS + ", \"values\": [[\"F\", 10], [\"M\", 12], [\"\", 3]]}"));
    try (SqlKit<?> sql = SqlKit.open(new ProtariAdapterFactory(), server.url("/v1").toString()).key(KEY).kit()) {
      assertEquals(List.of("Female,F,10", "Male,M,12", "Not stated,,3"),
          EmulatorAnswers.rows(sql, "SELECT sex, sex_code, SUM(people) FROM sample GROUP BY sex, sex_code"));
    }
    assertEquals("SEX", aggregations.poll().getUrl().queryParameter("group_by"));
  }

  @Test void answersThatDoNotFitTheRequestAreBroken() throws SQLException {
    final String query = "SELECT sex_code, SUM(people) FROM sample GROUP BY sex_code";
    for (String body : List.of(
        "{" + FIELDS + ", \"values\": [[\"F\", 10], [\"M\", 12], [\"X\", 3]]}",
        "{" + FIELDS + ", \"values\": [[\"F\", 10], [\"M\", 12]]}",
        "{" + FIELDS + ", \"values\": [[\"F\", 10], [\"M\", 12], [\"\"]]}",
        "{" + FIELDS + ", \"values\": [[\"F\", 10], [\"M\", \"many\"], [\"\", 3]]}",
        "{" + FIELDS.replace("\"count\"}", "\"mean\"}") + ", \"values\": [[\"F\", 10], [\"M\", 12], [\"\", 3]]}",
        "{\"fields\": [{\"name\": \"DWELL\"}], \"values\": []}",
        "[1, 2]")) {
      final SQLException e = fails(query, 200, body);
      assertEquals("08P01", sqlState(e), body + " gave " + e.getMessage());
    }
  }

  /** A custom-group answer gives the CASE's value per group; one that lacks, adds or repeats a group is broken. */
  @Test void customGroupAnswersAreCheckedAgainstTheGroups() throws SQLException {
    final String sex = "CASE WHEN sex_code = 'F' THEN 'f' ELSE 'm' END";
    final String query = "SELECT " + sex + ", SUM(people) FROM sample GROUP BY " + sex;
    answers.add(json(200, "{" + FIELDS + ", \"values\": [[\"F\", 10], [\"other\", 15]]}"));
    try (SqlKit<?> sql = SqlKit.open(new ProtariAdapterFactory(), server.url("/v1").toString()).key(KEY).kit()) {
      assertEquals(List.of("f,10", "m,15"), EmulatorAnswers.rows(sql, query));
    }
    assertEquals("SEX:F", aggregations.poll().getUrl().queryParameter("group_by"), "M and the empty value are other");
    for (String body : List.of(
        "{" + FIELDS + ", \"values\": [[\"F\", 10]]}",
        "{" + FIELDS + ", \"values\": [[\"F\", 10], [\"M\", 12], [\"other\", 3]]}",
        "{" + FIELDS + ", \"values\": [[\"F\", 10], [\"other\", 12], [\"other\", 3]]}")) {
      final SQLException e = fails(query, 200, body);
      assertEquals("08P01", sqlState(e), body + " gave " + e.getMessage());
    }
  }

  /**
   * Custom groups beyond the API's limits, on a POSTCODE of 150 values of 27 characters
   * ({@code postcode-of-a-long-name-000…149}): refused before any aggregation call, naming the
   * limit. Where the groups hold every value, the largest goes as {@code other} and counts towards
   * neither limit.
   */
  @Test void customGroupLimitsRefuseBeforeSending() throws Exception {
    final ObjectNode meta = (ObjectNode) new ObjectMapper().readTree(sample);
    final ArrayNode values = ((ObjectNode) meta.findParents("name").stream()
        .filter(n -> "POSTCODE".equals(n.path("name").asText()) && n.has("values")).findFirst().orElseThrow())
        .putArray("values");
    final List<String> names = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      names.add(String.format(java.util.Locale.ROOT, "postcode-of-a-long-name-%03d", i));
      values.addObject().put("name", names.get(i));
    }
    sampleMeta = meta.toString();
    final String pairThenEach = "CASE WHEN postcode_code IN ('" + names.get(0) + "', '" + names.get(1) + "')"
        + " THEN 'pair' ELSE postcode_code END";
    SQLException e = fails("SELECT " + pairThenEach + ", SUM(people) FROM sample GROUP BY " + pairThenEach, 200, "{}");
    assertEquals("54000", sqlState(e), e.getMessage());
    assertTrue(e.getMessage().contains("at most 100 custom groups per field, and the query groups POSTCODE into"
        + " 148 besides other"), e.getMessage());
    // 41 values are a condition the API takes; the second group, of 40, is 1119 characters long.
    final String most = "CASE WHEN postcode_code = '" + names.get(0) + "' THEN 'first' ELSE 'most' END";
    e = fails("SELECT " + most + ", SUM(people) FROM sample WHERE postcode_code IN ('"
        + String.join("', '", names.subList(0, 41)) + "') GROUP BY " + most, 200, "{}");
    assertEquals("54000", sqlState(e));
    assertTrue(e.getMessage().contains("custom groups of at most 1000 characters, and a group of POSTCODE is longer"),
        e.getMessage());
    assertTrue(aggregations.isEmpty(), aggregations.toString());
  }

  @Test void exclusionRuleRefusesBeforeSending() throws SQLException {
    // Five fields break sample's first exclusion rule: refused before any aggregation call.
    final SQLException e = fails("SELECT SUM(people) FROM sample GROUP BY sex, dwell, rooms, postcode, expiry", 200,
        "{}");
    assertEquals(ApiErrorKind.LIMIT_EXCEEDED, ApiException.find(e).kind());
    assertTrue(aggregations.isEmpty());
  }
}
