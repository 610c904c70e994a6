package io.statxplore.superstar.sql;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows the harvester makes of a {@code /table} answer, computed from the whole JSON tree (not
 * streamed): the cartesian product of the fields' items, last field fastest, each row the items'
 * first labels then the cell's value of each measure.
 */
public final class AnswerCells {
  private AnswerCells() {
  }

  /** The field labels then the measure labels of an answer. */
  public static List<String> header(JsonNode answer) {
    final List<String> header = new ArrayList<>();
    answer.get("fields").forEach(f -> header.add(f.get("label").asText()));
    answer.get("measures").forEach(m -> header.add(m.get("label").asText()));
    return header;
  }

  public static List<List<Object>> rows(JsonNode answer) {
    final JsonNode fields = answer.get("fields");
    final List<List<Object>> rows = new ArrayList<>();
    final int[] at = new int[fields.size()];
    final List<List<Double>> cubes = new ArrayList<>();
    answer.get("measures").forEach(m -> {
      final List<Double> values = new ArrayList<>();
      flatten(answer.get("cubes").get(m.get("uri").asText()).get("values"), values);
      cubes.add(values);
    });
    for (int cell = 0; cell < cubes.get(0).size(); cell++) {
      final List<Object> row = new ArrayList<>();
      for (int d = 0; d < at.length; d++) {
        row.add(fields.get(d).get("items").get(at[d]).get("labels").get(0).asText());
      }
      for (List<Double> cube : cubes) {
        row.add(cube.get(cell));
      }
      rows.add(row);
      for (int d = at.length - 1; d >= 0 && ++at[d] == fields.get(d).get("items").size(); d--) {
        at[d] = 0;
      }
    }
    return rows;
  }

  private static void flatten(JsonNode values, List<Double> out) {
    for (JsonNode v : values) {
      if (v.isArray()) {
        flatten(v, out);
      } else {
        out.add(v.isNull() ? null : v.asDouble());
      }
    }
  }
}
