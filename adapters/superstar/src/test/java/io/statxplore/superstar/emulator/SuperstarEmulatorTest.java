package io.statxplore.superstar.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator speaks SuperSTAR's wire format and answers from its records. */
class SuperstarEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DB = "str:database:UC_Households";
  private static final String GEO = "str:field:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE";
  private static final String COUNTRY = "str:valueset:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE:V_C_MASTERGEOG11_COUNTRY";
  private static final String MONTH = "str:field:UC_Households:F_UC_DATE:DATE_NAME";
  private static final String FAMILY = "str:field:UC_Households:V_F_UC_HOUSEHOLDS:HNFAMILY_TYPE";
  private static final String COUNT = "str:count:UC_Households:V_F_UC_HOUSEHOLDS";
  private static final String MEAN = "str:statfn:UC_Households:V_F_UC_HOUSEHOLDS:HNTOTAL_PAYMENT_AMOUNT:MEAN";
  private static final String PAYMENT = "str:measure:UC_Households:V_F_UC_HOUSEHOLDS:HNTOTAL_PAYMENT_AMOUNT";

  private final HttpClient http = HttpClient.newHttpClient();
  private SuperstarEmulator emulator = SuperstarEmulator.start();

  @AfterEach void stop() {
    emulator.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : emulator.baseUrl() + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/table"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode table(String body) throws Exception {
    final HttpResponse<String> r = post(body);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json;charset=UTF-8", r.headers().firstValue("Content-Type").orElse(""));
    return JSON.readTree(r.body());
  }

  private static Cube households() {
    return SyntheticData.cubes().get(0);
  }

  /** True number of records whose field values satisfy the given base indexes (-1 = any). */
  private static long records(Cube cube, int... wanted) {
    long n = 0;
    for (int r = 0; r < cube.records(); r++) {
      boolean match = true;
      for (int f = 0; f < wanted.length; f++) {
        match &= wanted[f] < 0 || cube.values()[f][r] == wanted[f];
      }
      n += match ? 1 : 0;
    }
    return n;
  }

  @Test void schemaIsWalkedLevelByLevelWithPaging() throws Exception {
    final JsonNode root = JSON.readTree(get("/schema").body());
    assertEquals("str:folder:root", root.get("id").asText());
    assertEquals(List.of("str:folder:fuc", "str:folder:fcilif", "str:folder:fdis", "str:folder:fhb"), ids(root));
    final JsonNode uc = JSON.readTree(get("/schema/str:folder:fuc").body());
    assertEquals(List.of(DB, "str:database:UC_Monthly"), ids(uc));
    assertEquals(List.of("str:folder:fcilif_rel"), ids(JSON.readTree(get("/schema/str%3Afolder%3Afcilif").body())));
    final JsonNode pip = JSON.readTree(get("/schema/str:database:PIP_Monthly").body());
    assertEquals("GROUP", pip.get("children").get(0).get("type").asText());
    final JsonNode geo = JSON.readTree(get("/schema/" + GEO).body());
    assertEquals(2, geo.get("children").size());
    assertEquals("VALUESET", geo.get("children").get(1).get("type").asText());

    final String constituencies =
        "/schema/str:valueset:UC_Monthly:V_F_UC_CASELOAD_FULL:PARLC_CODE:V_C_MASTERGEOG11_PARLC_TO_REGION";
    final Set<String> values = new HashSet<>();
    int pages = 0;
    String next = emulator.baseUrl() + constituencies;
    while (next != null) {
      final HttpResponse<String> page = get(next);
      final JsonNode node = JSON.readTree(page.body());
      assertEquals("VALUESET", node.get("type").asText());
      for (String id : ids(node)) {
        assertTrue(values.add(id), "duplicate " + id);
      }
      pages++;
      next = page.headers().firstValue("Link").map(l -> l.replaceAll("^<([^>]+)>; rel=\"next\"$", "$1")).orElse(null);
    }
    assertEquals(7, pages);
    assertEquals(634, values.size());
    assertTrue(values.contains(constituencies.substring("/schema/".length()).replace("str:valueset:", "str:value:")
        + ":E14000920"));
  }

  private static List<String> ids(JsonNode node) {
    final List<String> ids = new ArrayList<>();
    node.get("children").forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }

  private List<String> paths() {
    return emulator.requests().stream().map(SuperstarEmulator.Recorded::path).toList();
  }

  @Test void depthNestsDescendantsDownToItsLevelButNeverValues() throws Exception {
    final JsonNode root = JSON.readTree(get("/schema?depth=folder").body());
    final JsonNode uc = root.get("children").get(0);
    assertEquals(List.of(DB, "str:database:UC_Monthly"), ids(uc));
    assertFalse(uc.get("children").get(0).has("children"), "databases come without their children");
    final JsonNode cilif = root.get("children").get(1);
    assertEquals(List.of("str:folder:fcilif_rel"), ids(cilif));
    assertEquals(List.of("str:database:CILIF_REL"), ids(cilif.get("children").get(0)));

    final String pip = "/schema/str:database:PIP_Monthly";
    final String la = "str:field:PIP_Monthly:V_F_PIP_MONTHLY:LA_CODE";
    final JsonNode fields = JSON.readTree(get(pip + "?depth=field").body());
    final JsonNode geography = fields.get("children").get(0);
    assertEquals("GROUP", geography.get("type").asText());
    assertEquals(List.of(la), ids(geography));
    assertFalse(geography.get("children").get(0).has("children"), "fields come without their value sets");
    assertEquals("MEASURE", fields.get("children").get(4).get("type").asText());
    assertFalse(fields.get("children").get(4).has("children"), "measures come without their statistics");

    final JsonNode valueSets = JSON.readTree(get(pip + "?depth=valueset").body());
    final JsonNode laField = valueSets.get("children").get(0).get("children").get(0);
    assertEquals(List.of(la.replace("str:field:", "str:valueset:") + ":V_C_MASTERGEOG11_LA_TO_REGION"), ids(laField));
    assertFalse(laField.get("children").get(0).has("children"), "values are never nested");
    assertEquals("COUNT", valueSets.get("children").get(3).get("type").asText());
    assertFalse(valueSets.get("children").get(3).has("children"));
    final String statfn = "str:statfn:PIP_Monthly:V_F_PIP_MONTHLY:AWARD_AMOUNT:";
    assertEquals(List.of(statfn + "MEDIAN", statfn + "MEAN"), ids(valueSets.get("children").get(4)));
    assertEquals(List.of("/schema?depth=folder", pip + "?depth=field", pip + "?depth=valueset"), paths());
  }

  @Test void depthPagesTheTopNodeAndCutsNestedListsToAPage() throws Exception {
    emulator.close();
    emulator = SuperstarEmulator.builder().pageSize(1).start();
    final HttpResponse<String> first = get("/schema?depth=folder");
    final JsonNode uc = JSON.readTree(first.body()).get("children").get(0);
    assertEquals(List.of("str:folder:fuc"), ids(JSON.readTree(first.body())));
    assertEquals(List.of(DB), ids(uc), "the first page of two databases, without a Link to the second");
    final String next = emulator.baseUrl() + "/schema/str:folder:root?depth=folder&page=2";
    assertEquals("<" + next + ">; rel=\"next\"", first.headers().firstValue("Link").orElse(""));
    final JsonNode second = JSON.readTree(get(next).body());
    assertEquals(List.of("str:folder:fcilif"), ids(second));
    assertEquals(List.of("str:database:CILIF_REL"), ids(second.get("children").get(0).get("children").get(0)));
    assertEquals(List.of("/schema?depth=folder", "/schema/str:folder:root?depth=folder&page=2"), paths());
  }

  @Test void anUnknownDepthOrPageIsRejectedAndDepthSwitchedOffIsIgnored() throws Exception {
    final HttpResponse<String> depth = get("/schema/" + DB + "?depth=values");
    assertEquals(400, depth.statusCode());
    assertEquals("{\"message\":\"Invalid depth: values. Valid values are folder, field and valueset.\","
        + "\"errorType\":\"INVALID_PARAMETER\"}", JSON.readTree(depth.body()).toString());
    final HttpResponse<String> page = get("/schema/" + DB + "?page=0");
    assertEquals(400, page.statusCode());
    assertEquals("{\"message\":\"Invalid page: 0.\",\"errorType\":\"INVALID_PARAMETER\"}",
        JSON.readTree(page.body()).toString());
    assertEquals(List.of("/schema/" + DB + "?depth=values", "/schema/" + DB + "?page=0"), paths());

    emulator.close();
    emulator = SuperstarEmulator.builder().schemaDepth(false).start();
    final String plain = get("/schema/" + DB).body();
    assertFalse(JSON.readTree(plain).get("children").get(0).has("children"));
    assertEquals(plain, get("/schema/" + DB + "?depth=valueset").body());
    assertEquals(plain, get("/schema/" + DB + "?depth=values").body());
    assertEquals(List.of("/schema/" + DB, "/schema/" + DB + "?depth=valueset", "/schema/" + DB + "?depth=values"),
        paths());
  }

  @Test void countsAreTheRecordsWithinTheNoiseAndTotalsAreTheirOwn() throws Exception {
    final JsonNode answer = table("{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\"],"
        + "\"recodes\":{\"" + FAMILY + "\":{\"total\":true}},\"dimensions\":[[\"" + FAMILY + "\"]]}");
    final JsonNode values = answer.get("cubes").get(COUNT).get("values");
    assertEquals(6, values.size());
    double sum = 0;
    for (int f = 0; f < 5; f++) {
      final long truth = records(households(), -1, -1, f);
      assertTrue(Math.abs(values.get(f).asDouble() - truth) <= 2, "family " + f);
      sum += values.get(f).asDouble();
    }
    final long all = households().records();
    assertTrue(Math.abs(values.get(5).asDouble() - all) <= 2);
    assertEquals("Total", answer.get("fields").get(0).get("items").get(5).get("type").asText());

    // Totals differ from sums of cells somewhere, as on Stat-Xplore; the same cell keeps its figure.
    boolean differs = sum != values.get(5).asDouble();
    for (int m = 0; m < 12 && !differs; m++) {
      final JsonNode byFamily = table("{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\"],"
          + "\"recodes\":{\"" + FAMILY + "\":{\"total\":true},\"" + MONTH + "\":{\"map\":[[\""
          + monthUri(m) + "\"]]}},\"dimensions\":[[\"" + MONTH + "\"],[\"" + FAMILY + "\"]]}");
      final JsonNode row = byFamily.get("cubes").get(COUNT).get("values").get(0);
      double s = 0;
      for (int f = 0; f < 5; f++) {
        s += row.get(f).asDouble();
      }
      differs = s != row.get(5).asDouble();
    }
    assertTrue(differs, "some Total differs from the sum of its cells");
    assertEquals(values, table("{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\"],\"recodes\":{\""
        + FAMILY + "\":{\"total\":true}},\"dimensions\":[[\"" + FAMILY + "\"]]}").get("cubes").get(COUNT).get("values"));
  }

  private static String monthUri(int m) {
    return households().fields.get(1).valueSets().get(0).values().get(m).uri();
  }

  @Test void theSameRecordsGiveTheSameFigureWhateverTheLayout() throws Exception {
    final String measures = "{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\"],";
    final JsonNode byMonthFamily = table(measures + "\"recodes\":{\"" + FAMILY + "\":{\"total\":true}},"
        + "\"dimensions\":[[\"" + MONTH + "\"],[\"" + FAMILY + "\"]]}").get("cubes").get(COUNT).get("values");
    final JsonNode byFamilyMonth = table(measures + "\"dimensions\":[[\"" + FAMILY + "\"],[\"" + MONTH + "\"]]}")
        .get("cubes").get(COUNT).get("values");
    final StringBuilder allRegions = new StringBuilder();
    households().fields.get(0).valueSets().get(0).values()
        .forEach(v -> allRegions.append(allRegions.length() == 0 ? "" : ",").append('"').append(v.uri()).append('"'));
    final JsonNode withAllRegions = table(measures + "\"recodes\":{\"" + GEO + "\":{\"map\":[[" + allRegions + "]]}},"
        + "\"dimensions\":[[\"" + GEO + "\"],[\"" + MONTH + "\"]]}").get("cubes").get(COUNT).get("values").get(0);
    for (int m = 0; m < 12; m++) {
      for (int f = 0; f < 5; f++) {
        assertEquals(byMonthFamily.get(m).get(f), byFamilyMonth.get(f).get(m), "month " + m + ", family " + f);
      }
      // A Total covers the same records as the month alone.
      assertEquals(byMonthFamily.get(m).get(5), withAllRegions.get(m), "month " + m);
    }
  }

  @Test void filtersGroupsAndMeansComeFromTheRecords() throws Exception {
    final String london = households().fields.get(0).valueSets().get(0).values().get(6).uri();
    final String northEast = households().fields.get(0).valueSets().get(0).values().get(0).uri();
    final JsonNode answer = table("{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\",\"" + MEAN + "\"],"
        + "\"recodes\":{\"" + GEO + "\":{\"map\":[[\"" + london + "\",\"" + northEast + "\"]],\"total\":false}},"
        + "\"dimensions\":[[\"" + GEO + "\"],[\"" + MONTH + "\"]]}");
    assertEquals(List.of("London", "North East").toString(),
        answer.get("fields").get(0).get("items").get(0).get("labels").toString().replace("\"", "").replace(",", ", "));
    final long truth = records(households(), 6, 0, -1) + records(households(), 0, 0, -1);
    assertTrue(Math.abs(answer.get("cubes").get(COUNT).get("values").get(0).get(0).asDouble() - truth) <= 2);
    double amount = 0;
    long n = 0;
    final Cube c = households();
    for (int r = 0; r < c.records(); r++) {
      if ((c.values()[0][r] == 6 || c.values()[0][r] == 0) && c.values()[1][r] == 0) {
        amount += c.amounts()[0][r];
        n++;
      }
    }
    assertEquals(amount / n, answer.get("cubes").get(MEAN).get("values").get(0).get(0).asDouble(), 1e-9);
    assertEquals(2, answer.get("cubes").get(MEAN).get("precision").asInt());
    assertEquals("[\"r\"]", answer.get("fields").get(1).get("items").get(3).get("annotationKeys").toString());
    assertNull(answer.get("fields").get(1).get("items").get(4).get("annotationKeys"));
  }

  @Test void valueSetDimensionsAndMeasureUris() throws Exception {
    final JsonNode answer = table("{\"database\":\"" + DB + "\",\"measures\":[\"" + PAYMENT + "\"],"
        + "\"dimensions\":[[\"" + COUNTRY + "\"]]}");
    assertEquals("Country", answer.get("fields").get(0).get("label").asText());
    assertEquals("England", answer.get("fields").get(0).get("items").get(0).get("labels").get(0).asText());
    assertEquals("SUM", answer.get("measures").get(0).get("function").asText());
    double sum = 0;
    for (double a : households().amounts()[0]) {
      sum += a;
    }
    assertEquals(Math.round(sum / 10) * 10.0, answer.get("cubes").get(PAYMENT).get("values").get(0).asDouble());
  }

  @Test void everyRealQueryRunsUnchanged() throws Exception {
    final Path dir = fixtures();
    final List<Path> queries;
    try (Stream<Path> list = Files.list(dir)) {
      queries = list.filter(p -> p.getFileName().toString().startsWith("statxplore_table_query_")
          && !p.toString().contains("INVALID")).sorted().toList();
    }
    assertEquals(5, queries.size());
    for (Path q : queries) {
      final JsonNode query = JSON.readTree(Files.readString(q));
      final JsonNode answer = table(Files.readString(q));
      assertEquals(query.get("dimensions").size(), answer.get("fields").size(), q.toString());
      for (Iterator<String> it = answer.get("cubes").fieldNames(); it.hasNext(); ) {
        JsonNode level = answer.get("cubes").get(it.next()).get("values");
        for (JsonNode field : answer.get("fields")) {
          assertEquals(field.get("items").size(), level.size(), q.toString());
          level = level.get(0);
        }
      }
    }
    final HttpResponse<String> invalid = post(Files.readString(dir.resolve("statxplore_table_query_INVALID_json_missing_brace.json")));
    assertEquals(400, invalid.statusCode());
    assertEquals("INVALID_QUERY", JSON.readTree(invalid.body()).get("errorType").asText());
  }

  @Test void textAfterTheQueryObjectIsRejected() throws Exception {
    final HttpResponse<String> r = post("{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\"],"
        + "\"dimensions\":[[\"" + FAMILY + "\"]]}}");
    assertEquals(400, r.statusCode());
    assertTrue(JSON.readTree(r.body()).get("message").asText().startsWith("The query is not valid JSON"), r.body());
  }

  /** Where the shared SuperSTAR fixtures are, if anywhere. */
  static Path fixtureDir() {
    return Path.of(System.getProperty("statxplore.sharedFixtures", "../../../shared/fixtures"), "superstar");
  }

  /** The shared fixture folder; skips the calling test where it is absent. */
  static Path fixtures() {
    final Path dir = fixtureDir();
    Assumptions.assumeTrue(Files.isDirectory(dir), "shared fixtures not found at " + dir
        + "; this conformance test runs where ../shared/fixtures exists (CI)");
    return dir;
  }

  @Test void errorsHaveTheRealBodies() throws Exception {
    emulator.close();
    emulator = SuperstarEmulator.builder().apiKey("k").cellLimit(100).rateLimit(6).start();
    final HttpResponse<String> auth = get("/schema");
    assertEquals(401, auth.statusCode());
    assertEquals("{\"message\":\"Error authenticating API key. Please contact your system administrator.\","
        + "\"errorType\":\"AUTHENTICATION\"}", JSON.readTree(auth.body()).toString());
    final HttpResponse<String> cells = post("{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\"],"
        + "\"dimensions\":[[\"" + MONTH + "\"],[\"" + GEO + "\"]]}", "APIKey", "k");
    assertEquals(400, cells.statusCode());
    assertEquals("{\"message\":\"Your request exceeds the configured cell limit of 100. It contains at least 108"
        + " cells.\",\"errorType\":\"CELL_COUNT\",\"value\":108,\"limit\":100}", JSON.readTree(cells.body()).toString());
    final HttpResponse<String> unknown = get("/schema/str:database:Nope", "APIKey", "k");
    assertEquals(400, unknown.statusCode());
    assertEquals("SCHEMA_COMPONENT_NOT_FOUND", JSON.readTree(unknown.body()).get("errorType").asText());
    assertEquals("str:database:Nope", JSON.readTree(unknown.body()).get("component").asText());
    assertEquals(404, get("/nothing", "APIKey", "k").statusCode());
    final JsonNode limit = JSON.readTree(get("/rate_limit", "APIKey", "k").body());
    assertEquals(6, limit.get("limit").asInt());
    assertEquals(3, limit.get("remaining").asInt());
    assertEquals(200, get("/info", "APIKey", "k").statusCode());
    assertEquals(200, get("/info", "APIKey", "k").statusCode());
    final HttpResponse<String> spent = get("/info", "APIKey", "k");
    assertEquals(200, spent.statusCode());
    final HttpResponse<String> over = get("/info", "APIKey", "k");
    assertEquals(429, over.statusCode());
    assertEquals("RATE_LIMIT", JSON.readTree(over.body()).get("errorType").asText());
    assertEquals("0", over.headers().firstValue("X-RateLimit-Remaining").orElse(""));
    assertEquals(9, emulator.requests().size());
    assertEquals("k", emulator.requests().get(1).headers().get("apikey"));
  }

  @Test void tableRequestsHaveABudgetOfTheirOwn() throws Exception {
    emulator.close();
    emulator = SuperstarEmulator.builder().tableRateLimit(2).start();
    final String query = "{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\"],\"dimensions\":[[\"" + FAMILY + "\"]]}";
    assertEquals("1", post(query).headers().firstValue("X-RateLimit-Remaining-Table").orElse(""));
    assertEquals(200, post(query).statusCode());
    final HttpResponse<String> over = post(query);
    assertEquals(429, over.statusCode());
    assertEquals("0", over.headers().firstValue("X-RateLimit-Remaining-Table").orElse(""));
    // A refused request spends nothing; the global budget only holds the two answered ones.
    assertEquals("1998", over.headers().firstValue("X-RateLimit-Remaining").orElse(""));
    assertEquals("RATE_LIMIT", JSON.readTree(over.body()).get("errorType").asText());
    assertEquals(200, get("/info").statusCode());
  }

  @Test void etagAnswersNotModifiedWithoutSpendingTheBudget() throws Exception {
    final HttpResponse<String> first = get("/schema/" + DB);
    final String etag = first.headers().firstValue("ETag").orElseThrow();
    final HttpResponse<String> again = get("/schema/" + DB, "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
    assertEquals(200, get("/schema/" + DB, "If-None-Match", "\"other\"").statusCode());
    assertEquals(1998, JSON.readTree(get("/rate_limit").body()).get("remaining").asInt());
    assertTrue(post("{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\"],\"dimensions\":[[\"" + FAMILY
        + "\"]]}").headers().firstValue("ETag").isEmpty(), "no ETag on /table");
  }

  @Test void headersGzipAndInfo() throws Exception {
    final HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/info"))
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
    assertEquals("English", JSON.readTree(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())))
        .get("languages").get(0).get("displayName").asText());
    final HttpResponse<String> table = post("{\"database\":\"" + DB + "\",\"measures\":[\"" + COUNT + "\"],"
        + "\"dimensions\":[[\"" + FAMILY + "\"]]}");
    assertEquals("1000", table.headers().firstValue("X-RateLimit-Table").orElse(""));
    assertEquals("999", table.headers().firstValue("X-RateLimit-Remaining-Table").orElse(""));
    assertEquals("1998", table.headers().firstValue("X-RateLimit-Remaining").orElse(""));
    assertNotEquals("", table.headers().firstValue("X-RateLimit-Reset").orElse(""));
    assertNull(get("/info").headers().firstValue("X-RateLimit-Table").orElse(null));
    assertEquals(1, emulator.requestCount("/table"));
    assertEquals(emulator.table(JSON.readTree(emulator.requests().get(1).body())), JSON.readTree(table.body()));
  }

  @Test void smallAreaTableIsStreamedInChunksAndCountsItsRecords() throws Exception {
    emulator.close();
    emulator = SuperstarEmulator.builder().smallAreas(true).start();
    final Cube areas = SyntheticData.smallAreas();
    assertEquals(List.of(5000, 100, 2, 4), areas.fields.stream().map(f -> f.valueSets().get(0).values().size()).toList());
    final String db = "str:database:UC_SmallAreas";
    final String count = "str:count:UC_SmallAreas:V_F_UC_CASELOAD_LSOA";
    final String area = "str:field:UC_SmallAreas:V_F_UC_CASELOAD_LSOA:LSOA_CODE";
    final String month = "str:field:UC_SmallAreas:F_UC_DATE:DATE_NAME";
    final String gender = "str:field:UC_SmallAreas:V_F_UC_CASELOAD_LSOA:GENDER";
    final String age = "str:field:UC_SmallAreas:V_F_UC_CASELOAD_LSOA:AGE_BAND";
    assertTrue(get("/schema/" + SyntheticData.UC_FOLDER).body().contains(db));

    final HttpResponse<String> all = post("{\"database\":\"" + db + "\",\"measures\":[\"" + count + "\"],"
        + "\"dimensions\":[[\"" + area + "\"],[\"" + month + "\"],[\"" + gender + "\"],[\"" + age + "\"]]}");
    assertEquals(400, all.statusCode());
    assertEquals(4_000_000, JSON.readTree(all.body()).get("value").asLong());

    final JsonNode answer = table("{\"database\":\"" + db + "\",\"measures\":[\"" + count + "\"],"
        + "\"recodes\":{\"" + area + "\":{\"map\":[[\"str:value:UC_SmallAreas:V_F_UC_CASELOAD_LSOA:LSOA_CODE:"
        + "V_C_MASTERGEOG11_LSOA:E01000007\"]],\"total\":false}},"
        + "\"dimensions\":[[\"" + area + "\"],[\"" + month + "\"],[\"" + gender + "\"],[\"" + age + "\"]]}");
    final JsonNode cells = answer.get("cubes").get(count).get("values").get(0);
    assertEquals(100, cells.size());
    for (int m = 0; m < 100; m += 33) {
      for (int a = 0; a < 4; a++) {
        final long truth = records(areas, 6, m, 1, a);
        assertTrue(Math.abs(cells.get(m).get(1).get(a).asLong() - truth) <= 2, m + "/" + a + " vs " + truth);
      }
    }
    // Sent as it is written, as Stat-Xplore does: no Content-Length.
    final HttpResponse<String> streamed = post("{\"database\":\"" + db + "\",\"measures\":[\"" + count + "\"],"
        + "\"dimensions\":[[\"" + month + "\"]]}");
    assertEquals(200, streamed.statusCode());
    assertTrue(streamed.headers().firstValue("Content-Length").isEmpty(), streamed.headers().toString());
    assertEquals(100, JSON.readTree(streamed.body()).get("fields").get(0).get("items").size());
  }

  @Test void medianComesFromTheRecords() throws IOException, Exception {
    final String median = "str:statfn:PIP_Monthly:V_F_PIP_MONTHLY:AWARD_AMOUNT:MEDIAN";
    final String gender = "str:field:PIP_Monthly:V_F_PIP_MONTHLY:GENDER";
    final JsonNode answer = table("{\"database\":\"str:database:PIP_Monthly\",\"measures\":[\"" + median + "\"],"
        + "\"recodes\":{\"" + gender + "\":{\"total\":true}},\"dimensions\":[[\"" + gender + "\"]]}");
    final Cube pip = SyntheticData.cubes().get(3);
    final double[] all = pip.amounts()[0].clone();
    java.util.Arrays.sort(all);
    final double expected = all.length % 2 == 1 ? all[all.length / 2] : (all[all.length / 2 - 1] + all[all.length / 2]) / 2;
    assertEquals(expected, answer.get("cubes").get(median).get("values").get(2).asDouble());
  }
}
