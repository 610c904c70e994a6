package io.statxplore.protari.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator's wire format against the guide's examples: paths, shapes, figures' properties, errors. */
class ProtariEmulatorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ProtariEmulator emulator;

  @BeforeAll static void start() {
    emulator = ProtariEmulator.start();
  }

  @AfterAll static void stop() {
    emulator.close();
  }

  /** GETs {@code path} (query values encoded here) and returns status and body. */
  static HttpResponse<String> get(String base, String path, String... auth) throws IOException, InterruptedException {
    final int q = path.indexOf('?');
    String url = base + path;
    if (q >= 0) {
      final List<String> params = new ArrayList<>();
      for (String pair : path.substring(q + 1).split("&")) {
        final int eq = pair.indexOf('=');
        params.add(pair.substring(0, eq) + "=" + URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      url = base + path.substring(0, q) + "?" + String.join("&", params);
    }
    final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (auth.length > 0) {
      b.header("Authorization", auth[0]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String path) throws Exception {
    final HttpResponse<String> r = get(emulator.baseUrl(), path);
    assertEquals(200, r.statusCode(), r.body());
    return MAPPER.readTree(r.body());
  }

  private static JsonNode error(String path, int status) throws Exception {
    final HttpResponse<String> r = get(emulator.baseUrl(), path);
    assertEquals(status, r.statusCode(), r.body());
    return MAPPER.readTree(r.body());
  }

  private static List<String> names(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
  }

  @Test void aboutIsTheHeaderOnly() throws Exception {
    final JsonNode about = json("/about");
    assertEquals(List.of("header"), List.copyOf(iterable(about.fieldNames())));
    assertEquals("1.2.0", about.at("/header/api_version").asText());
    assertEquals(emulator.baseUrl(), about.at("/header/base_url").asText());
    assertTrue(about.at("/header/data_terms").asText().contains("Protari perturbs"));
    assertEquals("Sample", about.at("/header/organization/name").asText());
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    final List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test void datasetsListsTheGuidesFive() throws Exception {
    final JsonNode list = json("/datasets/");
    assertEquals(List.of("joined_household", "joined_person", "sample_longitudinal", "sample_laplace", "sample"),
        names(list.get("datasets"), "name"));
    final JsonNode person = list.get("datasets").get(1);
    assertEquals("person", person.get("main_resource_name").asText());
    assertEquals(List.of("transaction", "person", "item", "household"), names(person.get("resources"), "name"));
    assertEquals("people", person.at("/unit/plural").asText());
    assertTrue(list.has("header"));
  }

  @Test void sampleMetadataHasLimitsGroupsHierarchiesSentinelsAndRanges() throws Exception {
    final JsonNode d = json("/datasets/sample");
    final JsonNode agg = d.at("/query_classes/aggregation");
    assertTrue(agg.get("allow_disjunctions_and_custom_groups").asBoolean());
    assertEquals(2, agg.get("max_functions").asInt());
    assertEquals(2000, agg.get("maximum_output_values_length").asInt());
    assertEquals(List.of("count", "mean", "sum"), names(agg.get("allowed_functions"), "name"));
    assertEquals(4, agg.at("/field_exclusion_rules/0/limit").asInt());
    assertEquals(List.of("AMOUNT", "COUNTRY", "POSTCODE"), names(agg.at("/field_exclusion_rules/1/fields"), "name"));
    final JsonNode fields = d.at("/resources/0/fields");
    assertEquals(List.of("SEX", "COUNTRY", "", "POSTCODE", "AMOUNT", "EXPIRY"), names(fields, "name"));
    assertEquals("Dwelling", fields.get(2).get("title").asText());
    assertEquals(List.of("DWELL", "ROOMS"), names(fields.get(2).get("fields"), "name"));
    assertEquals(List.of("1101", "1102", "1199"), names(fields.at("/1/values/0/values/0/values"), "name"));
    assertTrue(fields.at("/0/values/2/is_sentinel").asBoolean());
    assertEquals("", fields.at("/0/values/2/name").asText());
    final JsonNode rooms = fields.get(2).get("fields").get(1);
    assertEquals(List.of("null", "999", "0", "1", "2", "3", "4", "5", "6", "7", ">=8"), names(rooms.get("values"), "name"));
    assertEquals(3, rooms.at("/values/5/value").asInt());
    assertEquals(8, rooms.at("/values/10/minimum").asInt());
    assertEquals(9.99, fields.at("/4/values/1/maximum").asDouble());
    assertEquals("1970-01-01/1974-12-31", fields.at("/5/values/1/name").asText());
  }

  @Test void aggregationWithoutParametersCountsByYear() throws Exception {
    final JsonNode a = json("/datasets/sample_longitudinal/aggregation");
    assertEquals(List.of("YEAR", "perturbed count"), names(a.get("fields"), "name"));
    assertTrue(a.at("/fields/0/is_longitudinal").asBoolean());
    assertTrue(a.at("/fields/1/is_perturbed").asBoolean());
    assertEquals("function=count", a.at("/query/as_string").asText());
    assertEquals("2000", a.at("/values/0/0").asText());
    assertEquals("2005", a.at("/values/1/0").asText());
    assertEquals(199, a.at("/values/0/1").asInt(), 2.0);
    assertEquals(2, a.get("values").size());
  }

  @Test void csvGroupsByTheLongitudinalFieldToo() throws Exception {
    final String csv = get(emulator.baseUrl(), "/datasets/sample_longitudinal/aggregation/csv?group_by=DWELL,SEX").body();
    final String[] lines = csv.split("\r\n");
    assertEquals("DWELL,SEX,YEAR,perturbed count", lines[0]);
    assertEquals(19, lines.length);
    assertTrue(lines[1].startsWith("001,F,2000,"), lines[1]);
    assertTrue(lines[5].startsWith("001,,2000,"), lines[5]);
  }

  @Test void rangeFieldsGroupByTheirIntervalsAndSentinels() throws Exception {
    final String[] amount = get(emulator.baseUrl(), "/datasets/sample/aggregation/csv?group_by=AMOUNT").body()
        .split("\r\n");
    assertEquals("AMOUNT,perturbed count", amount[0]);
    assertEquals(13, amount.length);
    assertTrue(amount[1].startsWith("<0,") && amount[12].startsWith(">=100,"));
    final String[] rooms = get(emulator.baseUrl(), "/datasets/sample/aggregation/csv?group_by=ROOMS").body()
        .split("\r\n");
    assertTrue(rooms[1].startsWith("null,") && rooms[2].startsWith("999,") && rooms[11].startsWith(">=8,"));
  }

  @Test void customGroupsHaveAnOtherGroup() throws Exception {
    final JsonNode a = json("/datasets/sample/aggregation?group_by=POSTCODE:6722;6725:6429;6710");
    assertEquals(List.of("6722;6725", "6429;6710", "other"), column(a, 0));
    assertEquals("other", a.at("/fields/0/custom_groups/else/name").asText());
    final JsonNode c = json("/datasets/sample/aggregation?group_by=COUNTRY:1101-1201");
    assertEquals(List.of("1101", "1102", "1199", "1201"), names(c.at("/fields/0/custom_groups/groups/0/values"),
        "as_string"));
    assertEquals(400, get(emulator.baseUrl(), "/datasets/sample/aggregation?group_by=ROOMS:3-6:>=5").statusCode());
  }

  private static List<String> column(JsonNode answer, int i) {
    return StreamSupport.stream(answer.get("values").spliterator(), false).map(r -> r.get(i).asText()).toList();
  }

  @Test void whereExpandsParentsRangesAndAlternatives() throws Exception {
    final JsonNode parent = json("/datasets/sample/aggregation?where=COUNTRY=1100");
    assertEquals("function=count&where=COUNTRY=1100", parent.at("/query/as_string").asText());
    assertEquals(List.of("1101", "1102", "1199"), names(parent.at("/query/where/0/condition_values/equals"),
        "as_string"));
    final long australia = parent.at("/values/0/0").asLong();
    assertEquals(australia, json("/datasets/sample/aggregation?where=COUNTRY=1101;1102;1199").at("/values/0/0")
        .asLong());
    final JsonNode grouped = json("/datasets/sample_longitudinal/aggregation?group_by=ROOMS&where=ROOMS=3-5,YEAR=2000");
    assertEquals(List.of("3", "4", "5"), column(grouped, 0));
    assertEquals(List.of("2000", "2000", "2000"), column(grouped, 1));
    assertEquals(json("/datasets/sample/aggregation?where=ROOMS=7;>=8").get("values"),
        json("/datasets/sample/aggregation?where=ROOMS>=7").get("values"));
    assertEquals(200, get(emulator.baseUrl(), "/datasets/sample/aggregation?where=EXPIRY=2010-01-01/2014-12-31")
        .statusCode());
    assertEquals(200, get(emulator.baseUrl(), "/datasets/sample_longitudinal/aggregation?where=SEX=").statusCode());
  }

  @Test void unalignedRangeGetsTheSuggestion() throws Exception {
    final JsonNode e = error("/datasets/sample/aggregation?where=AMOUNT=0-13", 400);
    assertEquals("Upper bound 13 not allowed - try 9.99 or 19.99 instead.", e.get("detail").asText());
    assertEquals("about:blank", e.get("type").asText());
  }

  @Test void limitsAndInvalidQueriesAreTheApisErrors() throws Exception {
    assertEquals("Cannot aggregate on quantities from household.",
        error("/datasets/joined_person/aggregation?function=mean household.RENT", 400).get("detail").asText());
    assertEquals("InvalidQueryError", error("/datasets/sample/aggregation?group_by=SEX,DWELL,ROOMS,POSTCODE,EXPIRY",
        400).get("name").asText());
    assertTrue(error("/datasets/sample/aggregation?group_by=AMOUNT,COUNTRY,POSTCODE", 400).get("detail").asText()
        .contains("at most 2"));
    assertTrue(error("/datasets/sample_longitudinal/aggregation?where=SEX=M;F", 400).get("detail").asText()
        .contains("only allowed when grouping by SEX"));
    assertTrue(error("/datasets/sample_laplace/aggregation?function=count,mean ROOMS", 400).get("detail").asText()
        .contains("At most 1 function"));
    assertEquals(404, error("/datasets/nope/aggregation", 404).get("status").asInt());
    assertEquals("Unknown field NOPE.", error("/datasets/sample/aggregation?group_by=NOPE", 400).get("detail")
        .asText());
  }

  @Test void figuresAreRepeatableAndTotalsAreNotSumsOfParts() throws Exception {
    final String query = "/datasets/sample/aggregation?group_by=POSTCODE";
    assertEquals(json(query).get("values"), json(query).get("values"));
    final JsonNode totals = json("/datasets/sample/aggregation?group_by=DWELL,SEX&totals=true");
    assertEquals(9 + 3 + 3 + 1, totals.get("values").size());
    final JsonNode grand = totals.get("values").get(15);
    assertTrue(grand.get(0).isNull() && grand.get(1).isNull());
    long sum = 0;
    boolean differs = false;
    for (JsonNode row : json("/datasets/sample/aggregation?group_by=POSTCODE").get("values")) {
      sum += row.get(1).asLong();
    }
    differs |= sum != json("/datasets/sample/aggregation").at("/values/0/0").asLong();
    for (String field : List.of("SEX", "DWELL", "ROOMS", "COUNTRY")) {
      long s = 0;
      for (JsonNode row : json("/datasets/sample/aggregation?group_by=" + field).get("values")) {
        s += row.get(1).asLong();
      }
      differs |= s != json("/datasets/sample/aggregation").at("/values/0/0").asLong();
    }
    assertTrue(differs, "some total equals the sum of its parts in every grouping");
  }

  @Test void relatedFieldsCountUnitsWithAtLeastOneMatchingEntry() throws Exception {
    final JsonNode byType = json("/datasets/joined_person/aggregation?group_by=buyer_transactions.type");
    assertEquals(List.of("A", "B", "C", "D", "E", "F", "G"), column(byType, 0));
    assertEquals(byType.at("/values/0/1"), json("/datasets/joined_person/aggregation?where=buyer_transactions.type=A")
        .at("/values/0/0"));
    final String csv = get(emulator.baseUrl(), "/datasets/joined_person/aggregation/csv?group_by=buyer_transactions.type")
        .body();
    assertTrue(csv.startsWith("type,perturbed count\r\n"), csv);
  }

  @Test void functionsExcludeSentinelsAndSeveralExcludeThemFromAll() throws Exception {
    final JsonNode mean = json("/datasets/sample_longitudinal/aggregation?function=mean ROOMS");
    assertEquals("perturbed mean of ROOMS", mean.at("/fields/1/name").asText());
    assertEquals(List.of("null", "999"), names(mean.at("/query/function/0/parameters/0/condition_values/not_equals"),
        "as_string"));
    final double m = mean.at("/values/0/1").asDouble();
    assertTrue(m > 0 && m < 12, "mean " + m);
    final JsonNode both = json("/datasets/sample_longitudinal/aggregation?function=mean ROOMS,count SEX");
    assertEquals(List.of("YEAR", "perturbed count of SEX", "perturbed mean of ROOMS"), names(both.get("fields"), "name"));
    final long countSex = json("/datasets/sample_longitudinal/aggregation?function=count SEX").at("/values/0/1")
        .asLong();
    assertNotEquals(countSex, both.at("/values/0/1").asLong());
    assertTrue(both.at("/values/0/1").asLong() < countSex);
  }

  @Test void aggregationNeedsTheKeyWhenOneIsSet() throws Exception {
    try (ProtariEmulator keyed = ProtariEmulator.start("abc123")) {
      assertEquals(401, get(keyed.baseUrl(), "/datasets/sample/aggregation").statusCode());
      assertEquals(403, get(keyed.baseUrl(), "/datasets/sample/aggregation", "Protari key=wrong").statusCode());
      assertEquals(200, get(keyed.baseUrl(), "/datasets/sample/aggregation", "Protari key=abc123").statusCode());
      assertEquals(200, get(keyed.baseUrl(), "/datasets/sample/aggregation", "Bearer abc123").statusCode());
      assertEquals(200, get(keyed.baseUrl(), "/datasets/sample").statusCode());
      assertEquals("Protari key=abc123", keyed.requests().get(2).authorization());
    }
  }
}
