package io.statxplore.cubes.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator's wire format: the seed's v2 shapes, the Cubes server's, the page cap and the error bodies. */
class CubesEmulatorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static CubesEmulator emulator;
  private static OkHttpClient http;

  @BeforeAll static void start() {
    emulator = CubesEmulator.builder().pageCap(10).apiKey("k").start();
    http = new OkHttpClient();
  }

  @AfterAll static void stop() {
    emulator.close();
    http.connectionPool().evictAll();
  }

  private record Answer(int status, JsonNode body, String authenticate) { }

  private static Answer get(String path, String key) throws IOException {
    final Request.Builder b = new Request.Builder().url(emulator.baseUrl() + path);
    if (key != null) {
      b.header("Authorization", "ApiKey " + key);
    }
    try (Response r = http.newCall(b.build()).execute()) {
      return new Answer(r.code(), MAPPER.readTree(r.body().string()), r.header("WWW-Authenticate"));
    }
  }

  private static List<String> keys(JsonNode n) {
    final List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test void v2AggregateIsTheSeedsShape() throws IOException {
    final JsonNode body = get("/api/2/aggregate?dataset=ukgov-finances-cra&cut=time.year:2010&drilldown=region", null)
        .body();
    assertEquals(List.of("drilldown", "summary"), keys(body));
    final JsonNode cell = body.path("drilldown").get(0);
    assertEquals(List.of("region", "amount", "num_entries"), keys(cell));
    assertEquals(List.of("name", "label"), keys(cell.path("region")));
    assertEquals(new TreeSet<>(List.of("amount", "num_drilldowns", "num_entries", "page", "pagesize")),
        new TreeSet<>(keys(body.path("summary"))));
    assertEquals(12, body.path("summary").path("num_drilldowns").asInt());
    assertEquals(10, body.path("drilldown").size(), "the page cap");
  }

  @Test void cubesAggregateIsTheServersShape() throws IOException {
    final JsonNode body = get("/cube/ukgov-finances-cra/aggregate?drilldown=time&cut=region:UKC", null).body();
    assertEquals(List.of("summary", "cells", "total_cell_count", "aggregates", "cell", "levels", "attributes"),
        keys(body));
    assertEquals("point", body.path("cell").get(0).path("type").asText());
    assertTrue(body.path("cells").get(0).has("time.year"));
    final JsonNode range = get("/cube/ukgov-finances-cra/aggregate?cut=time:2006-2008", null).body();
    assertEquals("range", range.path("cell").get(0).path("type").asText());
    assertEquals(List.of("summary", "cells", "aggregates", "cell", "attributes"), keys(range),
        "keys whose value would be None are dropped");
    assertEquals(10, get("/info", null).body().path("json_record_limit").asInt());
  }

  @Test void cubesUnescapesReservedCharacters() throws IOException {
    final long expected = emulator.datasets().get("ukgov-finances-cra").entries().stream()
        .filter(e -> e.values().get("from.name").equals("dept-dh")).count();
    assertEquals(expected, get("/cube/ukgov-finances-cra/aggregate?cut=from:dept%5C-dh", null).body()
        .path("summary").path("record_count").asLong());
  }

  @Test void errorBodiesOfEachFlavor() throws IOException {
    final Answer v2 = get("/api/2/aggregate?dataset=nope", null);
    assertEquals(400, v2.status());
    assertEquals("no dataset with name \"nope\"", v2.body().path("errors").get(0).asText());
    final Answer babbage = get("/api/3/cubes/nope/model", null);
    assertEquals(404, babbage.status());
    assertEquals("error", babbage.body().path("status").asText());
    final Answer cube = get("/cube/nope/aggregate", null);
    assertEquals(404, cube.status());
    assertEquals("missing_object", cube.body().path("error").asText());
    assertEquals("cube", cube.body().path("object_type").asText());
    final Answer page = get("/cube/ukgov-finances-cra/aggregate?page=x", null);
    assertEquals(400, page.status());
    assertEquals("request", page.body().path("error").path("type").asText());
    final Answer route = get("/cube/ukgov-finances-cra/nothing", null);
    assertEquals("not_found", route.body().path("error").asText());
    final Answer unauthorized = get("/cube/ukgov-finances-cra/model", "wrong");
    assertEquals(401, unauthorized.status());
    assertEquals("not_authenticated", unauthorized.body().path("error").path("type").asText());
    assertTrue(unauthorized.authenticate().startsWith("Basic realm"));
  }

  @Test void permissionsFollowTheKey() throws IOException {
    assertEquals("{\"create\":false,\"read\":true,\"update\":false,\"delete\":false}",
        get("/api/2/permissions?dataset=ukgov-finances-cra", null).body().toString());
    assertEquals("{\"create\":true,\"read\":true,\"update\":true,\"delete\":true}",
        get("/api/2/permissions?dataset=ukgov-finances-cra", "k").body().toString());
  }

  @Test void theDataHasRepeatedDimensionValuesAndThousandsOfEntries() {
    final BudgetData.Dataset cra = emulator.datasets().get("ukgov-finances-cra");
    assertEquals(3000, cra.entries().size());
    assertEquals(12, cra.entries().stream().map(e -> e.values().get("region.name")).distinct().count());
  }
}
