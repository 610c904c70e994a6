package io.statxplore.superstar.emulator;

import io.statxplore.superstar.emulator.Cube.Field;
import io.statxplore.superstar.emulator.Cube.Measure;
import io.statxplore.superstar.emulator.Cube.Statistic;
import io.statxplore.superstar.emulator.Cube.Value;
import io.statxplore.superstar.emulator.Cube.ValueSet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Answers {@code POST /table} from the records, in SuperSTAR's response format.
 *
 * <p>Disclosure control, like Stat-Xplore's cell-key method: every record has a fixed random key;
 * every COUNT cell (Totals and grouped items included) is the true record count plus a noise in
 * −2…+2 chosen by the sum of its records' keys. So the noise depends only on which records a cell
 * covers: the same cell asked in two queries, whatever the order or number of dimensions, has the
 * same figure, but a sum of cells generally differs from the Total. A count of 0 stays 0 and no
 * count goes below 0. SUM cells
 * are rounded to the nearest 10; MEAN and MEDIAN are computed over the records of the cell
 * (empty cells are {@code null}).
 */
final class TableEngine {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Most cells are small counts; their text, as SuperSTAR writes it ({@code 12.0}), is made once. */
  private static final String[] SMALL_COUNTS = new String[10_000];

  static {
    for (int i = 0; i < SMALL_COUNTS.length; i++) {
      SMALL_COUNTS[i] = i + ".0";
    }
  }
  /** What a URI names in a database. */
  private record Component(Cube cube, int field, int valueSet, int value, int measure, String function) { }

  /** A requested dimension. */
  private record Dimension(String uri, Field field, ValueSet valueSet, List<List<Integer>> items, boolean total) { }

  /** A requested measure: COUNT, or a statistic of measure {@code index}. */
  private record Requested(String uri, String label, String measureUri, String function, int index) { }

  private final Map<String, Cube> cubes = new HashMap<>();
  private final Map<String, Component> components = new HashMap<>();
  private final long cellLimit;

  TableEngine(List<Cube> all, long cellLimit) {
    this.cellLimit = cellLimit;
    for (Cube c : all) {
      cubes.put(c.uri(), c);
      components.put(c.countUri, new Component(c, -1, -1, -1, -1, "COUNT"));
      for (int f = 0; f < c.fields.size(); f++) {
        final Field field = c.fields.get(f);
        components.put(field.uri(), new Component(c, f, 0, -1, -1, null));
        for (int s = 0; s < field.valueSets().size(); s++) {
          final ValueSet vs = field.valueSets().get(s);
          components.put(vs.uri(), new Component(c, f, s, -1, -1, null));
          for (int v = 0; v < vs.values().size(); v++) {
            components.put(vs.values().get(v).uri(), new Component(c, f, s, v, -1, null));
          }
        }
      }
      for (int m = 0; m < c.measures.size(); m++) {
        final Measure measure = c.measures.get(m);
        components.put(measure.uri(), new Component(c, -1, -1, -1, m, "SUM"));
        for (Statistic s : measure.statistics()) {
          components.put(s.uri(), new Component(c, -1, -1, -1, m, s.function()));
        }
      }
    }
  }

  /** The answer to a query as a tree (for tests and callers in process). */
  JsonNode answer(JsonNode query) {
    final TokenBuffer tree = new TokenBuffer(MAPPER, false);
    try {
      prepare(query).write(tree);
      return MAPPER.readTree(tree.asParser());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks a query and computes its cells; the answer is written afterwards, so a query that
   * fails does so before the first byte is sent.
   */
  Answer prepare(JsonNode query) {
    if (query == null || !query.isObject()) {
      throw EmulatorError.invalidQuery("The query must be a JSON object.");
    }
    final Cube cube = cubes.get(text(query, "database"));
    if (cube == null) {
      throw EmulatorError.notFound(text(query, "database"));
    }
    final List<Requested> measures = measures(cube, array(query, "measures"));
    final List<Dimension> dims = new ArrayList<>();
    for (JsonNode d : array(query, "dimensions")) {
      dims.add(dimension(cube, d, query.path("recodes")));
    }
    long cells = measures.size();
    for (Dimension d : dims) {
      cells = Math.multiplyExact(cells, d.items().size() + (d.total() ? 1 : 0));
    }
    if (cells > cellLimit) {
      throw new EmulatorError(400, EmulatorError.body("message", String.format(
          "Your request exceeds the configured cell limit of %,d. It contains at least %,d cells.", cellLimit, cells),
          "errorType", "CELL_COUNT", "value", cells, "limit", cellLimit));
    }
    final Cells computed = new Cells(cube, dims, measures, (int) (cells / measures.size()));
    return out -> write(out, cube, measures, dims, computed);
  }

  /** A computed answer, written as a stream: the values of a large one are never held as a tree. */
  interface Answer {
    void write(JsonGenerator out) throws IOException;
  }

  private List<Requested> measures(Cube cube, JsonNode list) {
    final List<Requested> out = new ArrayList<>();
    for (JsonNode m : list) {
      final Component c = components.get(m.asText());
      if (c == null || c.cube() != cube || c.function() == null) {
        throw EmulatorError.notFound(m.asText());
      }
      if (c.measure() < 0) {
        out.add(new Requested(m.asText(), cube.countLabel, cube.countUri, "COUNT", -1));
      } else {
        final Measure measure = cube.measures.get(c.measure());
        final String label = measure.statistics().stream().filter(s -> s.uri().equals(m.asText()))
            .map(Statistic::label).findFirst().orElse("Sum of " + measure.label());
        out.add(new Requested(m.asText(), label, measure.uri(), c.function(), c.measure()));
      }
    }
    if (out.isEmpty()) {
      throw EmulatorError.invalidQuery("The query must ask for at least one measure.");
    }
    return out;
  }

  private Dimension dimension(Cube cube, JsonNode dimension, JsonNode recodes) {
    final String uri = dimension.path(0).asText(null);
    final Component c = uri == null ? null : components.get(uri);
    if (c == null || c.cube() != cube || c.field() < 0 || c.value() >= 0) {
      throw uri == null ? EmulatorError.invalidQuery("Each dimension must be an array holding a field URI.")
          : EmulatorError.notFound(uri);
    }
    final Field field = cube.fields.get(c.field());
    final ValueSet vs = field.valueSets().get(c.valueSet());
    final JsonNode recode = recodes.path(uri);
    final List<List<Integer>> items = new ArrayList<>();
    if (recode.has("map") && !recode.get("map").isNull()) {
      for (JsonNode group : recode.get("map")) {
        final List<Integer> members = new ArrayList<>();
        for (JsonNode v : group) {
          final Component value = components.get(v.asText());
          if (value == null || value.cube() != cube || value.field() != c.field()
              || value.valueSet() != c.valueSet() || value.value() < 0) {
            throw EmulatorError.notFound(v.asText());
          }
          members.add(value.value());
        }
        items.add(members);
      }
    } else {
      for (int v = 0; v < vs.values().size(); v++) {
        items.add(List.of(v));
      }
    }
    return new Dimension(uri, field, vs, items, recode.path("total").asBoolean(false));
  }

  /** The cells of a query, computed from the records. */
  private static final class Cells {
    final int[] sizes;
    final long[] counts;
    final double[][] sums;
    /** Per measure whose MEDIAN is asked for, the amounts of each cell's records; else null. */
    final double[][][] amounts;
    /** Per cell, the sum of its records' keys. */
    final long[] keys;
    private final int[][] filled;
    private final int[][] values;
    private final double[][] recordAmounts;

    Cells(Cube cube, List<Dimension> dims, List<Requested> measures, int size) {
      sizes = dims.stream().mapToInt(d -> d.items().size() + (d.total() ? 1 : 0)).toArray();
      counts = new long[size];
      keys = new long[size];
      sums = new double[cube.measures.size()][size];
      amounts = new double[cube.measures.size()][][];
      filled = new int[cube.measures.size()][];
      measures.stream().filter(m -> "MEDIAN".equals(m.function())).forEach(m -> {
        amounts[m.index()] = new double[size][];
        filled[m.index()] = new int[size];
      });
      final int[][][] membership = new int[dims.size()][][];
      final int[] fieldIndex = new int[dims.size()];
      for (int d = 0; d < dims.size(); d++) {
        membership[d] = membership(dims.get(d));
        fieldIndex[d] = cube.fields.indexOf(dims.get(d).field());
      }
      final long seed = cube.uri().hashCode();
      values = cube.values();
      recordAmounts = cube.amounts();
      for (int r = 0; r < cube.records(); r++) {
        add(r, mix(seed, r), 0, 0, membership, fieldIndex);
      }
    }

    private void add(int record, long key, int d, int flat, int[][][] membership, int[] fieldIndex) {
      if (d == membership.length) {
        counts[flat]++;
        keys[flat] += key;
        for (int m = 0; m < sums.length; m++) {
          sums[m][flat] += recordAmounts[m][record];
          if (amounts[m] != null) {
            if (amounts[m][flat] == null || filled[m][flat] == amounts[m][flat].length) {
              amounts[m][flat] = Arrays.copyOf(amounts[m][flat] == null ? new double[0] : amounts[m][flat],
                  Math.max(8, filled[m][flat] * 2));
            }
            amounts[m][flat][filled[m][flat]++] = recordAmounts[m][record];
          }
        }
        return;
      }
      for (int item : membership[d][values[fieldIndex[d]][record]]) {
        add(record, key, d + 1, flat * sizes[d] + item, membership, fieldIndex);
      }
    }

    double median(int measure, int cell) {
      final double[] sorted = Arrays.copyOf(amounts[measure][cell], filled[measure][cell]);
      Arrays.sort(sorted);
      final int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** For each base value of the dimension's field, the output items (and Total) it counts in. */
    private static int[][] membership(Dimension d) {
      final int[] fromBase = d.valueSet().fromBase();
      final List<List<Integer>> itemsOfValue = new ArrayList<>();
      for (int v = 0; v < d.valueSet().values().size(); v++) {
        itemsOfValue.add(new ArrayList<>());
      }
      for (int i = 0; i < d.items().size(); i++) {
        for (int v : d.items().get(i)) {
          final List<Integer> items = itemsOfValue.get(v);
          // A value listed twice in one group still counts once in it.
          if (items.isEmpty() || items.get(items.size() - 1) != i) {
            items.add(i);
          }
        }
      }
      final int[][] out = new int[fromBase.length][];
      for (int b = 0; b < fromBase.length; b++) {
        final List<Integer> items = itemsOfValue.get(fromBase[b]);
        out[b] = new int[items.size() + (d.total() && !items.isEmpty() ? 1 : 0)];
        for (int i = 0; i < items.size(); i++) {
          out[b][i] = items.get(i);
        }
        if (d.total() && !items.isEmpty()) {
          out[b][items.size()] = d.items().size();
        }
      }
      return out;
    }
  }

  private static long mix(long h, long v) {
    long x = h * 0x9E3779B97F4A7C15L + v;
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return x;
  }

  private static void write(JsonGenerator out, Cube cube, List<Requested> measures, List<Dimension> dims, Cells cells)
      throws IOException {
    out.writeStartObject();
    out.writeObjectFieldStart("query");
    out.writeStringField("database", cube.uri());
    out.writeArrayFieldStart("measures");
    for (Requested m : measures) {
      out.writeString(m.uri());
    }
    out.writeEndArray();
    out.writeObjectFieldStart("recodes");
    for (Dimension d : dims) {
      out.writeObjectFieldStart(d.uri());
      out.writeArrayFieldStart("map");
      for (List<Integer> item : d.items()) {
        out.writeStartArray();
        for (int v : item) {
          out.writeString(d.valueSet().values().get(v).uri());
        }
        out.writeEndArray();
      }
      out.writeEndArray();
      out.writeBooleanField("total", d.total());
      out.writeEndObject();
    }
    out.writeEndObject();
    out.writeArrayFieldStart("dimensions");
    for (Dimension d : dims) {
      out.writeStartArray();
      out.writeString(d.uri());
      out.writeEndArray();
    }
    out.writeEndArray();
    out.writeEndObject();

    out.writeObjectFieldStart("database");
    out.writeStringField("id", cube.id);
    out.writeStringField("uri", cube.uri());
    out.writeStringField("label", cube.label);
    out.writeArrayFieldStart("annotationKeys");
    for (String k : cube.annotations.keySet()) {
      if (!k.equals("r")) {
        out.writeString(k);
      }
    }
    out.writeEndArray();
    out.writeEndObject();

    out.writeArrayFieldStart("measures");
    for (Requested m : measures) {
      out.writeStartObject();
      out.writeStringField("uri", m.uri());
      out.writeStringField("label", m.label());
      out.writeStringField("measure", m.measureUri());
      out.writeStringField("function", m.function());
      out.writeEndObject();
    }
    out.writeEndArray();

    out.writeArrayFieldStart("fields");
    for (Dimension d : dims) {
      writeField(out, d);
    }
    out.writeEndArray();

    out.writeObjectFieldStart("cubes");
    for (Requested m : measures) {
      out.writeObjectFieldStart(m.uri());
      out.writeFieldName("values");
      writeValues(out, cells, m, 0, 0);
      out.writeNumberField("precision", "MEAN".equals(m.function()) || "MEDIAN".equals(m.function()) ? 2 : 0);
      out.writeEndObject();
    }
    out.writeEndObject();
    out.writeObjectFieldStart("annotationMap");
    for (Map.Entry<String, String> a : cube.annotations.entrySet()) {
      out.writeStringField(a.getKey(), a.getValue());
    }
    out.writeEndObject();
    out.writeEndObject();
  }

  private static void writeField(JsonGenerator out, Dimension d) throws IOException {
    out.writeStartObject();
    out.writeStringField("uri", d.uri());
    out.writeStringField("label", d.uri().equals(d.field().uri()) ? d.field().label() : d.valueSet().label());
    out.writeArrayFieldStart("items");
    for (List<Integer> item : d.items()) {
      out.writeStartObject();
      out.writeStringField("type", "RecodeItem");
      final TreeSet<String> annotations = new TreeSet<>();
      out.writeArrayFieldStart("uris");
      for (int v : item) {
        out.writeString(d.valueSet().values().get(v).uri());
        annotations.addAll(d.valueSet().values().get(v).annotationKeys());
      }
      out.writeEndArray();
      out.writeArrayFieldStart("labels");
      for (int v : item) {
        out.writeString(d.valueSet().values().get(v).label());
      }
      out.writeEndArray();
      if (!annotations.isEmpty()) {
        out.writeArrayFieldStart("annotationKeys");
        for (String a : annotations) {
          out.writeString(a);
        }
        out.writeEndArray();
      }
      out.writeEndObject();
    }
    if (d.total()) {
      out.writeStartObject();
      out.writeStringField("type", "Total");
      out.writeArrayFieldStart("labels");
      out.writeString("Total");
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static void writeValues(JsonGenerator out, Cells cells, Requested m, int d, int flat) throws IOException {
    out.writeStartArray();
    for (int i = 0; i < cells.sizes[d]; i++) {
      final int index = flat * cells.sizes[d] + i;
      if (d < cells.sizes.length - 1) {
        writeValues(out, cells, m, d + 1, index);
        continue;
      }
      final Double v = value(cells, m, index);
      if (v == null) {
        out.writeNull();
      } else if (v >= 0 && v < SMALL_COUNTS.length && v == v.intValue()) {
        out.writeNumber(SMALL_COUNTS[v.intValue()]);
      } else {
        out.writeNumber(v.doubleValue());
      }
    }
    out.writeEndArray();
  }

  private static Double value(Cells cells, Requested m, int cell) {
    final long n = cells.counts[cell];
    switch (m.function()) {
    case "COUNT":
      return (double) perturb(n, mix(cells.keys[cell], 0));
    case "SUM":
      return n == 0 ? 0.0 : Math.round(cells.sums[m.index()][cell] / 10) * 10.0;
    case "MEAN":
      return n == 0 ? null : cells.sums[m.index()][cell] / n;
    default:
      return n == 0 ? null : cells.median(m.index(), cell);
    }
  }

  /** The published figure for a true count: deterministic noise in −2…+2, never negative, 0 stays 0. */
  private static long perturb(long count, long key) {
    return count == 0 ? 0 : Math.max(0, count + Math.floorMod(key, 5) - 2);
  }

  private static String text(JsonNode query, String key) {
    final JsonNode v = query.get(key);
    if (v == null || !v.isTextual()) {
      throw EmulatorError.invalidQuery("The query has no \"" + key + "\" text.");
    }
    return v.asText();
  }

  private static JsonNode array(JsonNode query, String key) {
    final JsonNode v = query.get(key);
    if (v == null || !v.isArray()) {
      throw EmulatorError.invalidQuery("The query has no \"" + key + "\" array.");
    }
    return v;
  }
}
