package io.statxplore.superstar;

import io.statxplore.core.cube.CellCursor;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.cube.DimensionRequest;
import io.statxplore.core.cube.ItemBudget;
import io.statxplore.core.cube.MeasureMeta;
import io.statxplore.core.cube.ResultItem;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.ApiResponse;
import io.statxplore.core.spi.RequestLimits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
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
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION, StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  /**
   * What an answer must hold.
   *
   * @param table the table or query the answer is for, in messages
   * @param measures the requested measure URIs, whose cubes the answer must have
   * @param fields for each requested dimension, the URIs its field may have in the answer; null
   *     to take the fields as the answer gives them
   * @param maxFields the most fields the answer may have
   * @param budget how many items each field may have
   */
  record Expected(String table, List<String> measures, @Nullable List<Set<String>> fields, int maxFields,
      ItemBudget budget) {
    static Expected of(CubeQuery query, RequestLimits limits) {
      return new Expected(query.table().name(),
          query.measures().stream().map(MeasureMeta::id).toList(),
          query.dimensions().stream().map(DimensionRequest::dimension)
              .map(d -> Set.copyOf(List.of(d.id(), d.fieldId()))).toList(),
          query.dimensions().size(), ItemBudget.of(query, limits.maxCellsPerRequest()));
    }

    /** An answer to a query sent as the user wrote it, with the fields it gives. */
    static Expected of(JsonQuery query, RequestLimits limits) {
      return new Expected(query.source(), query.measures(), null, query.fields().size(),
          ItemBudget.of(query.measures().size(), limits.maxCellsPerRequest(), limits.maxCells()));
    }
  }

  /** A saved answer is the user's own file: it is read whatever its size. */
  private static final RequestLimits UNLIMITED = new RequestLimits(Long.MAX_VALUE, 1, Long.MAX_VALUE);

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
    }, UnaryOperator.identity(), Expected.of(query, UNLIMITED), "The saved answer");
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
        readFields();
      } else if ("measures".equals(name)) {
        readMeasures();
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

  /**
   * Keeps each measure's label by URI; the cubes are matched to the request by URI too. The list
   * is read entry by entry, at most as many as were requested.
   */
  private void readMeasures() throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return;
    }
    int count = 0;
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (++count > expected.measures().size()) {
        throw new NestedValues.BadResponse("it lists more measures than the " + expected.measures().size()
            + " requested");
      }
      if (t != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      String uri = null;
      String label = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        final String key = parser.currentName();
        final JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING && ("uri".equals(key) || "label".equals(key))) {
          if ("uri".equals(key)) {
            uri = parser.getText();
          } else {
            label = parser.getText();
          }
        } else {
          parser.skipChildren();
        }
      }
      if (uri != null && label != null) {
        measureLabels.put(uri, label);
      }
    }
  }

  /**
   * Reads the fields and their items as they arrive, counting them against what the request can
   * produce, so that an answer listing more items than that fails at the first one too many.
   */
  private void readFields() throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new NestedValues.BadResponse("\"fields\" is not an array");
    }
    final List<Set<String>> requested = expected.fields();
    fields = new ArrayList<>();
    fieldNames = new ArrayList<>();
    firstLabels = new ArrayList<>();
    fieldLabels = new ArrayList<>();
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (fields.size() == expected.maxFields()) {
        throw new NestedValues.BadResponse("the answer has more than " + expected.maxFields() + " fields for "
            + expected.maxFields() + (requested != null ? " requested dimensions" : " in the query"));
      }
      readField(fields.size(), t);
    }
    if (requested != null && fields.size() != requested.size()) {
      throw new NestedValues.BadResponse("the answer has " + fields.size() + " fields for "
          + requested.size() + " requested dimensions");
    }
    shape = fields.stream().mapToInt(List::size).toArray();
    final String misfit = expected.budget().misfit(shape, fieldNames);
    if (misfit != null) {
      throw new NestedValues.BadResponse(misfit);
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

  private void readField(int d, JsonToken start) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      throw new NestedValues.BadResponse("field " + d + " of the answer is not an object");
    }
    final List<Set<String>> requested = expected.fields();
    String uri = null;
    String label = null;
    List<ResultItem> list = null;
    List<String> first = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      final String key = parser.currentName();
      final JsonToken value = parser.nextToken();
      switch (key) {
      case "uri":
        if (value != JsonToken.VALUE_STRING) {
          throw new NestedValues.BadResponse("field " + d + " of the answer has a uri that is not text: "
              + describe(value));
        }
        uri = parser.getText();
        if (requested != null && !requested.get(d).contains(uri)) {
          throw new NestedValues.BadResponse("field " + d + " of the answer is " + uri + " where "
              + String.join(" or ", requested.get(d)) + " was requested");
        }
        break;
      case "label":
        label = value.isScalarValue() ? parser.getText() : "";
        parser.skipChildren();
        break;
      case "items":
        final String name = uri == null ? "field " + d : uri;
        if (value != JsonToken.START_ARRAY) {
          throw new NestedValues.BadResponse("field " + name + " has no \"items\" array");
        }
        list = new ArrayList<>();
        first = new ArrayList<>();
        readItems(d, name, list, first);
        break;
      default:
        parser.skipChildren();
      }
    }
    final String name = uri == null ? "field " + d : uri;
    if (list == null) {
      throw new NestedValues.BadResponse("field " + name + " has no \"items\" array");
    }
    fields.add(list);
    fieldNames.add(name);
    firstLabels.add(first);
    fieldLabels.add(label == null ? name : label);
  }

  private void readItems(int d, String field, List<ResultItem> items, List<String> firstLabels) throws IOException {
    final ItemBudget budget = expected.budget();
    long bound = budget.items(d);
    final long members = budget.members(d);
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (items.size() == bound) {
        if (!budget.allows(d, bound + 1)) {
          throw budget.tooMany(d, service, field);
        }
        bound = budget.items(d);
      }
      final String where = "item " + items.size() + " of field " + field;
      if (t != JsonToken.START_OBJECT) {
        throw new NestedValues.BadResponse(where + " is not an object");
      }
      String type = null;
      List<String> labels = List.of();
      List<String> uris = List.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        final String key = parser.currentName();
        final JsonToken value = parser.nextToken();
        if ("type".equals(key)) {
          if (value != JsonToken.VALUE_STRING) {
            throw new NestedValues.BadResponse(where + " has a \"type\" that is not text");
          }
          type = parser.getText();
        } else if ("labels".equals(key) || "uris".equals(key)) {
          final List<String> texts = texts(value, key, where, members);
          if ("labels".equals(key)) {
            labels = texts;
          } else {
            uris = texts;
          }
        } else {
          parser.skipChildren();
        }
      }
      // An unknown type is still an item with a place in the cube; only a Total is special.
      final boolean total = "Total".equals(type);
      final String label = String.join("; ", labels);
      if (label.isEmpty() && !total) {
        throw new NestedValues.BadResponse(where + " has no labels");
      }
      items.add(new ResultItem(label, uris.stream().map(Uris::lastSegment).collect(Collectors.joining(";")), total));
      firstLabels.add(labels.isEmpty() ? "" : labels.get(0));
    }
  }

  /** The strings of an item's optional array {@code key} (a Total has no {@code uris}), at most {@code max}. */
  private List<String> texts(JsonToken start, String key, String where, long max) throws IOException {
    if (start == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (start != JsonToken.START_ARRAY) {
      parser.skipChildren();
      throw new NestedValues.BadResponse(where + " has \"" + key + "\" that is not an array");
    }
    final List<String> texts = new ArrayList<>();
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING) {
        throw new NestedValues.BadResponse(where + " has " + describe(t) + " among its " + key
            + " where text is expected");
      }
      if (texts.size() == max) {
        throw new NestedValues.BadResponse(where + " has more than " + max + " " + key
            + ", more than the request's largest group");
      }
      texts.add(parser.getText());
    }
    return texts;
  }

  /** A JSON value by its first token, for messages. */
  private static String describe(JsonToken token) {
    switch (token) {
    case START_OBJECT:
      return "object";
    case START_ARRAY:
      return "array";
    case VALUE_NUMBER_INT:
    case VALUE_NUMBER_FLOAT:
      return "number";
    case VALUE_TRUE:
    case VALUE_FALSE:
      return "boolean";
    case VALUE_NULL:
      return "null";
    default:
      return "text";
    }
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
      // The body was cut (the server closed mid-answer): a truncated answer, whatever the socket said.
      return new ApiException(ApiErrorKind.BAD_RESPONSE, service + " broke off the /table answer for "
          + expected.table() + " (truncated): " + e.getMessage(), e);
    }
    // A fault of this reader on input nobody foresaw: still a broken answer, and said so.
    return new ApiException(ApiErrorKind.BAD_RESPONSE, service + "'s /table answer for "
        + expected.table() + " is malformed: " + e, e);
  }
}
