package io.statxplore.protari;

import io.statxplore.core.cube.CellCursor;
import io.statxplore.core.cube.ResultItem;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.protari.AggregationRequest.Part;
import io.statxplore.protari.DatasetMeta.Leaf;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cells of an {@code /aggregation} answer, checked against its request: the answer's fields
 * are the request's {@code group_by} fields (and the longitudinal field the API adds), its one
 * result the function asked for, and each value one the request asked for. Rows the query did not
 * ask for are dropped: custom groups' {@code other} where no group of the request is other (it is
 * empty, since the condition keeps only the groups' values), and the totals of fields whose Total
 * the engine did not ask for.
 */
final class AnswerReader implements CellCursor {
  private final List<List<ResultItem>> items = new ArrayList<>();
  private final List<int[]> cells = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();
  private int current = -1;

  AnswerReader(JsonNode answer, AggregationRequest request, String service) {
    final String asked = "answered " + request.dataset.name + " aggregation " + request;
    final JsonNode fields = answer.path("fields");
    final int[] columnOf = new int[request.parts.size()];
    java.util.Arrays.fill(columnOf, -1);
    int result = -1;
    for (int c = 0; c < fields.size(); c++) {
      final JsonNode f = fields.get(c);
      if (f.path("is_result").asBoolean(false)) {
        final String function = f.path("function").path("name").asText();
        if (result >= 0 || !request.measure.id().split(" ")[0].equals(function)) {
          throw broken(service, asked + " with result " + f.path("name").asText() + ", which it did not ask for");
        }
        result = c;
        continue;
      }
      final String name = f.path("name").asText();
      int part = -1;
      for (int p = 0; p < request.parts.size(); p++) {
        final Part candidate = request.parts.get(p);
        if (candidate.field().path().equals(name) && (candidate.grouped() || candidate.field().longitudinal())) {
          part = p;
        }
      }
      if (part < 0 || columnOf[part] >= 0) {
        throw broken(service, asked + " with field " + name + ", which it did not ask for");
      }
      columnOf[part] = c;
    }
    if (result < 0) {
      throw broken(service, asked + " without the result of function " + request.measure.id());
    }
    final List<Map<String, Integer>> indexes = new ArrayList<>();
    for (int p = 0; p < request.parts.size(); p++) {
      final Part part = request.parts.get(p);
      if (part.grouped() && columnOf[p] < 0) {
        throw broken(service, asked + " without its group_by field " + part.field().path());
      }
      final Map<String, String> labels = part.field().leaves().stream()
          .collect(Collectors.toMap(Leaf::name, Leaf::label, (a, b) -> a));
      final List<ResultItem> list = new ArrayList<>();
      final Map<String, Integer> index = new HashMap<>();
      for (int g = 0; g < part.groups().size(); g++) {
        final List<String> codes = part.groups().get(g);
        list.add(new ResultItem(codes.stream().map(k -> labels.getOrDefault(k, k)).collect(Collectors.joining("; ")),
            String.join(";", codes), false));
        index.put(part.groupTexts() != null ? part.groupTexts().get(g) : String.join(";", codes), g);
      }
      if (part.request().total()) {
        index.put(null, list.size());
        list.add(new ResultItem("Total", "", true));
      }
      items.add(list);
      indexes.add(index);
    }
    final int width = fields.size();
    rows:
    for (JsonNode row : answer.path("values")) {
      if (!row.isArray() || row.size() != width) {
        throw broken(service, asked + " with a row of " + row.size() + " values where it has " + width + " fields");
      }
      final int[] cell = new int[request.parts.size()];
      for (int p = 0; p < cell.length; p++) {
        final Part part = request.parts.get(p);
        if (columnOf[p] < 0) {
          continue;
        }
        final JsonNode v = row.get(columnOf[p]);
        final String key = v.isNull() ? null : v.asText();
        if (key == null && !part.request().total() || "other".equals(key) && part.groupTexts() != null
            && part.other() < 0) {
          continue rows;
        }
        final Integer at = indexes.get(p).get(key);
        if (at == null) {
          throw broken(service, asked + " with " + (key == null ? "a total" : "value '" + key + "'") + " of field "
              + part.field().path() + ", which it did not ask for");
        }
        cell[p] = at;
      }
      final JsonNode figure = row.get(result);
      if (!figure.isNull() && !figure.isNumber()) {
        throw broken(service, asked + " with a figure that is not a number: " + figure);
      }
      cells.add(cell);
      values.add(figure.isNull() ? null : figure.asDouble());
    }
  }

  private static ApiException broken(String service, String what) {
    return new ApiException(ApiErrorKind.BAD_RESPONSE, service + " " + what);
  }

  @Override public boolean next() {
    return ++current < cells.size();
  }

  @Override public List<ResultItem> items(int dimension) {
    return items.get(dimension);
  }

  @Override public int item(int dimension) {
    return cells.get(current)[dimension];
  }

  @Override public Double value(int measure) {
    return values.get(current);
  }

  @Override public void close() {
    // The answer was read whole when it arrived: it is at most maximum_output_values_length rows.
  }
}
