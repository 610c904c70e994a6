package io.statxplore.superstar.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The emulator's {@code /table} JSON has the structure of Stat-Xplore's: for every real response
 * in {@code ../shared/fixtures/superstar} whose query is there too, the emulator's answer to that
 * query has the same key order at every level, the same item shapes, the same nesting and lengths
 * of {@code values}, and the same labels, URIs and annotations; only the cell values differ.
 * Skipped with a message where that folder is absent.
 */
class TableStructureConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESPONSE = "statxplore_table_response_";
  /** The server's order of {@code query.recodes} follows no rule the fixtures reveal (spec §2.2). */
  private static final String RECODES = "$.query.recodes";

  private static SuperstarEmulator emulator;

  @BeforeAll static void start() {
    emulator = SuperstarEmulator.start();
  }

  @AfterAll static void stop() {
    emulator.close();
  }

  @TestFactory Stream<DynamicTest> emulatorAnswersHaveTheRealStructure() throws Exception {
    final Path dir = SuperstarEmulatorTest.fixtureDir();
    if (!Files.isDirectory(dir)) {
      // One test that is skipped with the reason: an aborted factory would not show up at all.
      return Stream.of(DynamicTest.dynamicTest("shared fixtures", SuperstarEmulatorTest::fixtures));
    }
    final List<Path> responses;
    try (Stream<Path> files = Files.list(dir)) {
      responses = files.filter(p -> p.getFileName().toString().startsWith(RESPONSE)
          && p.getFileName().toString().endsWith(".json")
          && Files.exists(query(p))).sorted().toList();
    }
    assertFalse(responses.isEmpty(), "no response fixture with its query in " + dir);
    return responses.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> compare(p)));
  }

  private static Path query(Path response) {
    return response.resolveSibling(response.getFileName().toString().replace(RESPONSE, "statxplore_table_query_"));
  }

  private static void compare(Path response) throws Exception {
    final String realBody = Files.readString(response);
    final HttpResponse<String> answer = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/table")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Files.readString(query(response)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    // Jackson's pretty printer, as Stat-Xplore's: the opening lines are the same text.
    assertEquals(realBody.lines().limit(3).toList(), answer.body().lines().limit(3).toList());

    final JsonNode real = JSON.readTree(realBody);
    final JsonNode ours = JSON.readTree(answer.body());
    sameShape(real, ours, "$");
    for (String part : List.of("query", "database", "measures", "fields", "annotationMap")) {
      assertEquals(real.get(part), ours.get(part), part);
    }
    real.get("cubes").fieldNames().forEachRemaining(measure -> assertEquals(
        real.get("cubes").get(measure).get("precision"), ours.get("cubes").get(measure).get("precision"), measure));
  }

  /** Same node kinds, object keys in the same order, arrays of the same length, all the way down. */
  private static void sameShape(JsonNode real, JsonNode ours, String path) {
    assertEquals(kind(real), kind(ours), path);
    if (real.isObject()) {
      final List<String> keys = names(real);
      if (path.equals(RECODES)) {
        assertEquals(new TreeSet<>(keys), new TreeSet<>(names(ours)), path);
      } else {
        assertEquals(keys, names(ours), path);
      }
      for (String key : keys) {
        sameShape(real.get(key), ours.get(key), path + "." + key);
      }
    } else if (real.isArray()) {
      assertEquals(real.size(), ours.size(), path + " length");
      for (int i = 0; i < real.size(); i++) {
        sameShape(real.get(i), ours.get(i), path + "[" + i + "]");
      }
    }
  }

  /** A cell may be {@code null} where the real one is a number: SuperSTAR sends both (spec §2.4). */
  private static String kind(JsonNode node) {
    return node.isNumber() || node.isNull() ? "number" : node.getNodeType().name();
  }

  private static List<String> names(JsonNode node) {
    final List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
