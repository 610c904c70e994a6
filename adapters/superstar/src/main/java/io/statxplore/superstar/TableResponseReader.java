package io.statxplore.superstar;

import io.statxplore.core.adapter.CellCursor;
import io.statxplore.core.adapter.ResultItem;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.ApiResponse;
import io.statxplore.core.meta.MeasureMeta;
import io.statxplore.core.query.CubeQuery;
import io.statxplore.core.query.DimensionRequest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Streams the cells of a {@code /table} answer with Jackson's streaming parser. It keeps the
 * fields' item lists and the position in the cube; the last cube in the answer is read value by
 * value as rows are asked for. Cubes of other measures that come before it are held as arrays of
 * doubles (the wire format puts each measure's cube after the other).
 *
 * <p>Cubes are looked up by measure URI. The whole document is checked to its end before the
 * last cell is reported, so a truncated answer fails instead of looking complete.
 *
 * <p>Besides the engine's view of cells ({@link CellCursor}) it gives the answer's own labels
 * of fields, items and measures, which is what the harvester writes.
 */
public final class TableResponseReader implements CellCursor {
  /**
   * Strict about repeated keys: which of two cubes or item lists a server meant is unknowable.
   * Cells are mostly decimal text, so the faster (and exact) double parser pays.
   */
  private static final JsonFactory JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION, StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build().getFactory();

  /**
   * What an answer must hold.
   *
   * @param table the table or query the answer is for, in messages
   * @param measures the requested measure URIs, whose cubes the answer must have
   * @param fields for each requested dimension, the URIs its field may have in the answer; null
   *     to take the fields as the answer gives them
   */
  record Expected(String table, List<String> measures, @Nullable List<Set<String>> fields) {
    static Expected of(CubeQuery query) {
      return new Expected(query.table().name(),
          query.measures().stream().map(MeasureMeta::id).toList(),
          query.dimensions().stream().map(DimensionRequest::dimension)
              .map(d -> Set.copyOf(List.of(d.id(), d.fieldId()))).toList());
    }
  }

  /** Closes what the answer is read from. */
  private final Runnable release;
  /** Keeps the connection's secrets out of failures that quote the answer. */
  private final UnaryOperator<ApiException> redaction;
  private final Expected expected;
  private final String service;
  private final JsonParser parser;
  private final boolean[] seen;
  private final double[][] buffered;
  private final BitSet[] nulls;
  private final Map<String, String> measureLabels = new HashMap<>();
  private List<List<ResultItem>> fields;
  private List<List<String>> firstLabels;
  /** The answer's field URIs (or positions), for messages. */
  private List<String> fieldNames;
  private List<String> fieldLabels;
  private int[] shape;
  /** Cells per measure: the product of the item counts. */
  private long cells;
  private int streamed = -1;
  private NestedValues values;
  private long cell = -1;
  private boolean done;
  private boolean closed;

  TableResponseReader(ApiResponse response, Expected expected, String service) {
    this(response.body(), response::close, response::redact, expected, service);
  }

  private TableResponseReader(InputStream body, Runnable release, UnaryOperator<ApiException> redaction,
      Expected expected, String service) {
    this.release = release;
    this.redaction = redaction;
    this.expected = expected;
    this.service = service;
    final int measures = expected.measures().size();
    this.seen = new boolean[measures];
    this.buffered = new double[measures][];
    this.nulls = new BitSet[measures];
    try {
      this.parser = JSON.createParser(body);
      readUntilLastCube();
    } catch (IOException | RuntimeException e) {
      close();
      throw redaction.apply(failure(e));
    }
  }

  /**
   * Reads a saved answer to {@code query} (the body of a {@code POST /table} response, from a file
   * or memory), checked as strictly as an answer from the API. Closes {@code answer} when done.
   */
  public static TableResponseReader read(InputStream answer, JsonQuery query) {
    return new TableResponseReader(answer, () -> {
      try {
        answer.close();
      } catch (IOException ignored) {
        // Nothing more is read from it.
      }
    }, UnaryOperator.identity(), new Expected(query.source(), query.measures(), null), "The saved answer");
  }

  @Override public boolean next() {
    if (done) {
      return false;
    }
    try {
      if (values.next()) {
        cell++;
        return true;
      }
      readToEnd();
      done = true;
      close();
      return false;
    } catch (IOException | RuntimeException e) {
      close();
      throw redaction.apply(failure(e));
    }
  }

  @Override public List<ResultItem> items(int dimension) {
    return fields.get(dimension);
  }

  /** The labels of the answer's fields, in order. */
  public List<String> fieldLabels() {
    return fieldLabels;
  }

  /** The labels the answer gives the requested measures (the URI where it gives none). */
  public List<String> measureLabels() {
    return expected.measures().stream().map(m -> measureLabels.getOrDefault(m, m)).toList();
  }

  /** Number of cells per measure: the product of the fields' item counts. */
  public long cellCount() {
    return Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact);
  }

  /** The first label of the current cell's item of {@code dimension} ({@code Total} for a Total). */
  public String firstLabel(int dimension) {
    return firstLabels.get(dimension).get(item(dimension));
  }

  @Override public int item(int dimension) {
    return values.index(dimension);
  }

  @Override public Double value(int measure) {
    if (measure == streamed) {
      return values.isNull() ? null : values.value();
    }
    return nulls[measure].get((int) cell) ? null : buffered[measure][(int) cell];
  }

  @Override public void close() {
    if (!closed) {
      closed = true;
      try {
        if (parser != null) {
          parser.close();
        }
      } catch (IOException ignored) {
        // The input is closed below either way.
      }
      release.run();
    }
  }

  /** Reads up to the values of the last requested cube; the ones before it are buffered. */
  private void readUntilLastCube() throws IOException {
    final JsonToken first = parser.nextToken();
    expect(first, JsonToken.START_OBJECT, first == null ? "the answer is empty" : "the answer is not a JSON object");
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
      final String name = parser.currentName();
      parser.nextToken();
      if ("fields".equals(name)) {
        readFields(parser.readValueAsTree());
      } else if ("measures".equals(name)) {
        readMeasures(parser.readValueAsTree());
      } else if ("cubes".equals(name)) {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "\"cubes\" is not an object");
        if (readCubesUntilLast()) {
          return;
        }
      } else {
        parser.skipChildren();
      }
    }
    expect(t, JsonToken.END_OBJECT, "the answer ends early (truncated)");
    throw new NestedValues.BadResponse("the answer has no cube for " + missing());
  }

  /** True once positioned on the values of the last missing cube. */
  private boolean readCubesUntilLast() throws IOException {
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
      final int m = measureIndex(parser.currentName());
      parser.nextToken();
      if (m < 0 || seen[m]) {
        parser.skipChildren();
        continue;
      }
      expect(parser.currentToken(), JsonToken.START_OBJECT, "a cube is not an object");
      while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
        final boolean isValues = "values".equals(parser.currentName());
        parser.nextToken();
        if (!isValues) {
          parser.skipChildren();
          continue;
        }
        if (fields == null) {
          throw new NestedValues.BadResponse("the cube of " + expected.measures().get(m)
              + " comes before \"fields\" (or there are none)");
        }
        expect(parser.currentToken(), JsonToken.START_ARRAY, "the values of " + expected.measures().get(m)
            + " are not an array");
        seen[m] = true;
        values = new NestedValues(parser, shape, fieldNames, expected.measures().get(m));
        if (missing().isEmpty()) {
          streamed = m;
          return true;
        }
        buffer(m);
      }
      expect(t, JsonToken.END_OBJECT, "a cube ends early (truncated)");
      if (!seen[m]) {
        throw new NestedValues.BadResponse("the cube of " + expected.measures().get(m) + " has no values");
      }
    }
    expect(t, JsonToken.END_OBJECT, "the cubes end early (truncated)");
    return false;
  }

  private void buffer(int m) throws IOException {
    if (cells > Integer.MAX_VALUE - 8) {
      throw new NestedValues.BadResponse("the answer has " + cells + " cells per measure, too many to"
          + " hold for a second measure; ask for one measure per query");
    }
    // Grown as values arrive, not sized from the item counts: an answer that lists many items
    // but few values must fail on its values, not run out of memory first.
    double[] buffer = new double[(int) Math.min(cells, 1024)];
    nulls[m] = new BitSet();
    int i = 0;
    while (values.next()) {
      if (i == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(cells, 2L * i));
      }
      if (values.isNull()) {
        nulls[m].set(i);
      }
      buffer[i++] = values.value();
    }
    buffered[m] = buffer;
  }

  /** After the last value: the rest of the cube, the other cubes and keys, and the end of input. */
  private void readToEnd() throws IOException {
    for (String level : List.of("cube", "cubes", "answer")) {
      JsonToken t;
      while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
        parser.nextToken();
        parser.skipChildren();
      }
      expect(t, JsonToken.END_OBJECT, "the " + level + " ends early (truncated answer)");
    }
    if (parser.nextToken() != null) {
      throw new NestedValues.BadResponse("there is more content after the answer");
    }
  }

  /** Keeps each measure's label by URI; the cubes are matched to the request by URI too. */
  private void readMeasures(JsonNode json) {
    if (json != null && json.isArray()) {
      json.forEach(m -> {
        if (m.path("uri").isTextual() && m.path("label").isTextual()) {
          measureLabels.put(m.get("uri").asText(), m.get("label").asText());
        }
      });
    }
  }

  private void readFields(JsonNode json) {
    if (json == null || !json.isArray()) {
      throw new NestedValues.BadResponse("\"fields\" is not an array");
    }
    final List<Set<String>> requested = expected.fields();
    if (requested != null && json.size() != requested.size()) {
      throw new NestedValues.BadResponse("the answer has " + json.size() + " fields for "
          + requested.size() + " requested dimensions");
    }
    fields = new ArrayList<>();
    fieldNames = new ArrayList<>();
    firstLabels = new ArrayList<>();
    fieldLabels = new ArrayList<>();
    shape = new int[json.size()];
    for (int d = 0; d < json.size(); d++) {
      final JsonNode field = json.get(d);
      if (!field.isObject()) {
        throw new NestedValues.BadResponse("field " + d + " of the answer is not an object");
      }
      final JsonNode uriNode = field.get("uri");
      if (uriNode != null && !uriNode.isTextual()) {
        throw new NestedValues.BadResponse("field " + d + " of the answer has a uri that is not text: " + uriNode);
      }
      final String uri = uriNode == null ? null : uriNode.asText();
      if (uri != null && requested != null && !requested.get(d).contains(uri)) {
        throw new NestedValues.BadResponse("field " + d + " of the answer is " + uri + " where "
            + String.join(" or ", requested.get(d)) + " was requested");
      }
      final String name = uri == null ? "field " + d : uri;
      fieldNames.add(name);
      final JsonNode items = field.get("items");
      if (items == null || !items.isArray()) {
        throw new NestedValues.BadResponse("field " + name + " has no \"items\" array");
      }
      final List<ResultItem> list = new ArrayList<>(items.size());
      final List<String> first = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        list.add(item(items.get(i), "item " + i + " of field " + name));
        first.add(items.get(i).path("labels").path(0).asText(""));
      }
      fields.add(list);
      firstLabels.add(first);
      fieldLabels.add(field.path("label").asText(name));
      shape[d] = list.size();
    }
    long stride = 1;
    cells = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      final int n = Math.max(shape[d], 1);
      if (stride > Long.MAX_VALUE / n) {
        throw new NestedValues.BadResponse("the fields have " + Arrays.toString(shape)
            + " items, more cells than can be counted");
      }
      stride *= n;
      cells *= shape[d];
    }
  }

  private static ResultItem item(JsonNode item, String where) {
    if (!item.isObject()) {
      throw new NestedValues.BadResponse(where + " is not an object");
    }
    final JsonNode type = item.get("type");
    if (type != null && !type.isTextual()) {
      throw new NestedValues.BadResponse(where + " has a \"type\" that is not text");
    }
    // An unknown type is still an item with a place in the cube; only a Total is special.
    final boolean total = type != null && "Total".equals(type.asText());
    final String label = String.join("; ", texts(item, "labels", where));
    if (label.isEmpty() && !total) {
      throw new NestedValues.BadResponse(where + " has no labels");
    }
    final String code = texts(item, "uris", where).stream().map(Uris::lastSegment).collect(Collectors.joining(";"));
    return new ResultItem(label, code, total);
  }

  /** The strings of an item's optional array {@code key} (a Total has no {@code uris}). */
  private static List<String> texts(JsonNode item, String key, String where) {
    final JsonNode array = item.get(key);
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new NestedValues.BadResponse(where + " has \"" + key + "\" that is not an array");
    }
    final List<String> texts = new ArrayList<>(array.size());
    for (JsonNode text : array) {
      if (!text.isTextual()) {
        throw new NestedValues.BadResponse(where + " has " + text.getNodeType().name().toLowerCase(Locale.ROOT)
            + " among its " + key + " where text is expected");
      }
      texts.add(text.asText());
    }
    return texts;
  }

  private int measureIndex(String uri) {
    return expected.measures().indexOf(uri);
  }

  private String missing() {
    final List<String> ids = new ArrayList<>();
    for (int m = 0; m < seen.length; m++) {
      if (!seen[m]) {
        ids.add(expected.measures().get(m));
      }
    }
    return ids.stream().collect(Collectors.joining(", "));
  }

  private static void expect(JsonToken actual, JsonToken expected, String message) {
    if (actual != expected) {
      throw new NestedValues.BadResponse(message);
    }
  }

  private ApiException failure(Exception e) {
    if (e instanceof ApiException api) {
      return api;
    }
    final String what = service + " sent a broken /table answer for " + expected.table() + ": ";
    if (e instanceof NestedValues.BadResponse) {
      return new ApiException(ApiErrorKind.BAD_RESPONSE, what + e.getMessage(), e);
    }
    if (e instanceof JsonEOFException) {
      return new ApiException(ApiErrorKind.BAD_RESPONSE, what + "it ends early (truncated)", e);
    }
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
      return new ApiException(ApiErrorKind.BAD_RESPONSE, what + "malformed JSON: " + j.getOriginalMessage(), e);
    }
    if (e instanceof CharConversionException) {
      // Jackson's UTF-32 decoder, chosen for a body that starts with NUL bytes: not the network's fault.
      return new ApiException(ApiErrorKind.BAD_RESPONSE, what + "it is not Unicode text: " + e.getMessage(), e);
    }
    if (e instanceof java.io.InterruptedIOException) {
      return new ApiException(ApiErrorKind.TIMEOUT, service + " stopped sending the /table answer for "
          + expected.table() + " before the deadline", e);
    }
    if (e instanceof IOException) {
      return new ApiException(ApiErrorKind.CONNECTION, service + " broke off the /table answer for "
          + expected.table() + ": " + e.getMessage(), e);
    }
    // A fault of this reader on input nobody foresaw: still a broken answer, and said so.
    return new ApiException(ApiErrorKind.BAD_RESPONSE, service + "'s /table answer for "
        + expected.table() + " is malformed: " + e, e);
  }
}
