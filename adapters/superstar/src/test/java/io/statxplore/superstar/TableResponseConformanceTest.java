package io.statxplore.superstar;

import io.statxplore.core.cube.CellCursor;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.cube.MeasureMeta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conformance with the real {@code /table} responses in {@code ../shared/fixtures/superstar}:
 * the streaming reader gives every cell at the coordinates the fixture has it, Totals and
 * grouped items included. Skipped with a message where that folder is absent.
 */
class TableResponseConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {
      "statxplore_table_response_3d_region_month_familytype_totals.json",
      "statxplore_table_response_2d_count_and_mean_statfn.json",
      "statxplore_table_response_3d_635constituencies_grouped_ageband.json",
      "statcube_table_response_1d_statfn_sum_with_total.httptest.json"})
  void readsTheRealResponse(String file) throws Exception {
    final Path dir = Path.of(System.getProperty("statxplore.sharedFixtures", "../../../shared/fixtures"), "superstar");
    Assumptions.assumeTrue(Files.isDirectory(dir), "shared fixtures not found at " + dir
        + "; this conformance test runs where ../shared/fixtures exists (CI)");
    final String body = Files.readString(dir.resolve(file));
    final JsonNode fixture = JSON.readTree(body);
    final CubeQuery query = ResponseHarness.queryFor(fixture);
    final List<String> asked = query.measures().stream().map(MeasureMeta::id).toList();

    final int[] shape = new int[query.dimensions().size()];
    for (int d = 0; d < shape.length; d++) {
      shape[d] = fixture.get("fields").get(d).get("items").size();
    }
    int cells = 0;
    int totals = 0;
    try (ResponseHarness harness = new ResponseHarness(); CellCursor cursor = harness.answer(query, body)) {
      while (cursor.next()) {
        final int[] at = new int[shape.length];
        boolean total = false;
        for (int d = 0; d < shape.length; d++) {
          at[d] = cursor.item(d);
          final JsonNode item = fixture.get("fields").get(d).get("items").get(at[d]);
          assertEquals(join(item.get("labels")), cursor.items(d).get(at[d]).label());
          assertEquals("Total".equals(item.get("type").asText()), cursor.items(d).get(at[d]).total());
          total |= cursor.items(d).get(at[d]).total();
        }
        for (int m = 0; m < asked.size(); m++) {
          JsonNode expected = fixture.get("cubes").get(asked.get(m)).get("values");
          for (int i : at) {
            expected = expected.get(i);
          }
          assertEquals(expected.asDouble(), cursor.value(m), 0.0, file + " cell " + java.util.Arrays.toString(at));
        }
        cells++;
        totals += total ? 1 : 0;
      }
      assertFalse(cursor.next());
    }
    assertEquals(java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b), cells);
    assertTrue(totals > 0 || !body.contains("\"Total\""), "Total cells read");
  }

  private static String join(JsonNode labels) {
    final List<String> parts = new ArrayList<>();
    labels.forEach(l -> parts.add(l.asText()));
    return String.join("; ", parts);
  }
}
