package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.statxplore.jdbc.cli.Cli.KEY;
import static io.statxplore.jdbc.cli.Cli.requests;
import static io.statxplore.jdbc.cli.Cli.run;
import static io.statxplore.jdbc.cli.Cli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code schema}, {@code info} and {@code rate-limit} print what the API answers, one request each (and page). */
class MetadataCommandsTest {
  private static final String CILIF = "str:database:CILIF_REL";
  private static SuperstarEmulator emulator;

  @BeforeAll static void start() {
    emulator = SuperstarEmulator.builder().apiKey(KEY).pageSize(2).start();
  }

  @AfterAll static void stop() {
    emulator.close();
  }

  @BeforeEach void clear() {
    emulator.resetRequests();
  }

  /** An endpoint's JSON, read directly; the requests it makes are then forgotten. */
  private static JsonNode get(String path) throws Exception {
    final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(emulator.baseUrl() + path)).header("APIKey", KEY).build(), HttpResponse.BodyHandlers.ofString());
    emulator.resetRequests();
    return Cli.JSON.readTree(response.body());
  }

  /** The lines {@code schema} prints for a node whose children come in two pages. */
  private static List<String> schemaLines(String path) throws Exception {
    final JsonNode node = get(path);
    final List<JsonNode> children = new ArrayList<>();
    node.get("children").forEach(children::add);
    get(path + "?page=2").get("children").forEach(children::add);
    final int typeWidth = children.stream().mapToInt(c -> c.get("type").asText().length()).max().orElseThrow();
    final int idWidth = children.stream().mapToInt(c -> c.get("id").asText().length()).max().orElseThrow();
    final List<String> lines = new ArrayList<>();
    lines.add(node.get("label").asText() + " (" + node.get("type").asText() + " " + node.get("id").asText() + ")");
    for (JsonNode c : children) {
      lines.add(String.format("  %-" + typeWidth + "s  %-" + idWidth + "s  %s", c.get("type").asText(),
          c.get("id").asText(), c.get("label").asText()));
    }
    lines.add("(" + children.size() + " children)");
    return lines;
  }

  @Test void schemaShowsANodeAndAllItsPages() throws Exception {
    final List<String> root = schemaLines("/schema");
    Cli.Result r = run(with(emulator, "schema"));
    assertEquals(0, r.code(), r.err());
    assertEquals(root, r.outLines());
    assertEquals(List.of("GET /schema", "GET /schema/str:folder:root?page=2"), requests(emulator), "the Link to page 2");

    final List<String> database = schemaLines("/schema/" + CILIF);
    r = run(with(emulator, "schema", CILIF));
    assertEquals(database, r.outLines());
    assertEquals(List.of("GET /schema/" + CILIF, "GET /schema/" + CILIF + "?page=2"), requests(emulator));
  }

  @Test void anUnknownIdIsTheApisMessage() {
    final Cli.Result r = run(with(emulator, "schema", "str:database:Nope"));
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals("statxplore: SuperSTAR API at 127.0.0.1 answered HTTP 400 to GET /schema/str:database:Nope:"
        + " SCHEMA_COMPONENT_NOT_FOUND: Could not find the requested component: str:database:Nope. (SQLState 42S02)\n",
        r.err());
  }

  @Test void infoListsTheLanguages() throws Exception {
    final List<String> expected = new ArrayList<>(List.of("languages:"));
    get("/info").get("languages").forEach(l ->
        expected.add("  " + l.get("locale").asText() + "  " + l.get("displayName").asText()));
    final Cli.Result r = run(with(emulator, "info"));
    assertEquals(0, r.code(), r.err());
    assertEquals(expected, r.outLines());
    assertEquals(List.of("GET /info"), requests(emulator));
  }

  @Test void rateLimitShowsTheBudget() throws Exception {
    final Cli.Result r = run(with(emulator, "rate-limit"));
    assertEquals(0, r.code(), r.err());
    final JsonNode limit = get("/rate_limit");
    assertEquals(List.of("remaining  " + limit.get("remaining").asInt(), "limit      " + limit.get("limit").asInt(),
        "reset      " + Instant.ofEpochMilli(limit.get("reset").asLong())), r.outLines());
    assertFalse(r.out().contains(KEY));
  }
}
