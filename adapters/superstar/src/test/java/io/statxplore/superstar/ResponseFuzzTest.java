package io.statxplore.superstar;

import io.statxplore.core.cube.CellCursor;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.cube.CubeTableMeta;
import io.statxplore.core.cube.DimensionMeta;
import io.statxplore.core.cube.ResultItem;
import io.statxplore.core.http.ApiClient;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.http.ClientSettings;
import io.statxplore.core.http.KeyTransport;
import io.statxplore.core.spi.TableEntry;
import io.statxplore.superstar.JsonMutator.Kind;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import mockwebserver3.MockResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 5's fuzz test: seeded mutations ({@link JsonMutator.Kind}) of the real {@code /table}
 * and {@code /schema} fixtures, and of the emulator's {@code /schema} nodes of one database
 * (groups, fields, value sets, measures), served over loopback to the adapter's own parsing path.
 * Each input must end within two seconds in either
 * <ul>
 *   <li>a correct result: every cell read, each as the strictly parsed mutated document has it.
 *       A document a strict parser rejects must never give one, so a truncated answer cannot end
 *       as if complete; or</li>
 *   <li>an {@link ApiException} of a data kind whose causes are parse or format faults only: a
 *       NullPointerException or the like caught by a blanket boundary counts as an escape.</li>
 * </ul>
 * Escapes are collected (inputs written to {@code target/fuzz-escapes}) and reported together.
 */
class ResponseFuzzTest {
  private static final int PER_SCHEMA_SOURCE_AND_KIND = 40;
  private static final Duration BOUND = Duration.ofSeconds(2);
  private static final String PIP = "str:database:PIP_Monthly";
  /** A real {@code /table} answer and how many inputs per mutation kind are made of it. */
  private record TableFixture(String file, int perKind) { }

  /** Fewer inputs from the 195 kB answer, which is slow to mutate, so the test stays well under a minute. */
  private static final List<TableFixture> TABLE_FIXTURES = List.of(
      new TableFixture("statxplore_table_response_3d_region_month_familytype_totals.json", 120),
      new TableFixture("statxplore_table_response_2d_count_and_mean_statfn.json", 120),
      new TableFixture("statxplore_table_response_3d_635constituencies_grouped_ageband.json", 40),
      new TableFixture("statcube_table_response_1d_statfn_sum_with_total.httptest.json", 120));
  /** The oracle: what a document says, or a failure where it is not strictly one JSON document. */
  private static final JsonMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** What the adapter reads and how: a document, its tree, and the request path it answers. */
  private record Source(String name, String path, byte[] bytes, JsonNode tree) { }

  private static CannedServer server;
  private static SuperstarAdapter adapter;
  private static SchemaClient schema;
  private static Path fixtures;

  @BeforeAll static void start() throws IOException {
    fixtures = Path.of(System.getProperty("statxplore.sharedFixtures", "../../../shared/fixtures"), "superstar");
    server = new CannedServer();
    adapter = server.adapter();
    schema = new SchemaClient(new ApiClient(new ClientSettings(server.base(), "SuperSTAR API",
        KeyTransport.header("APIKey", ""), null, null, Duration.ofSeconds(10), 0, SuperstarErrors::parse)));
  }

  @AfterAll static void stop() {
    adapter.close();
    server.close();
  }

  @Test void mutatedAnswersGiveACorrectResultOrAClearError() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(fixtures), "shared fixtures not found at " + fixtures
        + "; this fuzz test runs where ../shared/fixtures exists (CI)");
    final Tally tally = new Tally();
    long seed = 0;
    for (TableFixture fixture : TABLE_FIXTURES) {
      final Source source = source(fixture.file(), "/table", Files.readAllBytes(fixtures.resolve(fixture.file())));
      final CubeQuery query = ResponseHarness.queryFor(source.tree());
      for (Kind kind : Kind.values()) {
        for (int n = 0; n < fixture.perKind(); n++, seed++) {
          final byte[] input = JsonMutator.mutate(source.bytes(), source.tree(), kind, new Random(seed));
          tally.run("table", kind, source, seed, input, answer -> readTable(query, input, answer));
        }
      }
    }
    final String rootFile = "statcube_schema_root.httptest.json";
    final Source root = source(rootFile, "/schema", Files.readAllBytes(fixtures.resolve(rootFile)));
    for (Kind kind : Kind.values()) {
      for (int n = 0; n < PER_SCHEMA_SOURCE_AND_KIND; n++, seed++) {
        final byte[] input = JsonMutator.mutate(root.bytes(), root.tree(), kind, new Random(seed));
        tally.run("schema", kind, root, seed, input, answer -> readRoot(input, answer));
      }
    }
    final List<Source> pip = emulatorSchema(PIP);
    for (Kind kind : Kind.values()) {
      for (int n = 0; n < PER_SCHEMA_SOURCE_AND_KIND; n++, seed++) {
        final Source source = pip.get(n % pip.size());
        final byte[] input = JsonMutator.mutate(source.bytes(), source.tree(), kind, new Random(seed));
        tally.run("catalog", kind, source, seed, input, answer -> describe(pip, source, input));
      }
    }
    System.out.println(tally.report());
    assertTrue(tally.total >= 5_000, "only " + tally.total + " inputs");
    if (tally.escaped > 0) {
      fail(tally.escaped + " of " + tally.total + " inputs escaped (inputs in target/fuzz-escapes):\n"
          + tally.escapes());
    }
  }

  /** Counts of outcomes per target, kind and outcome; the escapes in words. */
  private static final class Tally {
    final Map<String, Map<Kind, int[]>> counts = new LinkedHashMap<>();
    final Map<String, List<String>> escapes = new LinkedHashMap<>();
    int escaped;
    int total;

    /**
     * Runs one input within {@link #BOUND}; a result or a clear error is an outcome, all else an
     * escape. {@code read} gets the input strictly parsed, or null where it does not parse.
     */
    void run(String target, Kind kind, Source source, long seed, byte[] input, Consumer<JsonNode> read)
        throws IOException {
      total++;
      final int[] row = counts.computeIfAbsent(target, t -> new EnumMap<>(Kind.class))
          .computeIfAbsent(kind, k -> new int[2]);
      JsonNode answer = null;
      String unparsable = null;
      try {
        answer = STRICT.readTree(input);
      } catch (IOException e) {
        unparsable = e.getMessage();
      }
      final JsonNode parsed = answer;
      try {
        assertTimeoutPreemptively(BOUND, () -> read.accept(parsed));
        if (unparsable != null) {
          throw new AssertionError("accepted a document a strict parser rejects: " + unparsable);
        }
        row[0]++;
      } catch (ApiException e) {
        // The catalog fetches the nodes a mutated node lists: an id mutated away is not found.
        final String fault = fault(e, target.equals("catalog") ? Set.of(ApiErrorKind.BAD_RESPONSE,
            ApiErrorKind.NOT_FOUND) : Set.of(ApiErrorKind.BAD_RESPONSE));
        if (fault == null) {
          row[1]++;
        } else {
          escaped++;
          escape(kind, source, seed, input, fault, e);
        }
      } catch (Throwable t) {
        escaped++;
        escape(kind, source, seed, input, t.toString(), t);
      }
    }

    private void escape(Kind kind, Source source, long seed, byte[] input, String what, Throwable t)
        throws IOException {
      final String name = source.name().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + kind + "-" + seed + ".json";
      final Path dir = Files.createDirectories(Path.of("target", "fuzz-escapes"));
      Files.write(dir.resolve(name), input);
      final StackTraceElement[] at = t.getStackTrace();
      final String where = at.length > 0 && !(t instanceof AssertionError) ? " at " + at[0] : "";
      // Grouped by the message with its particulars taken out, so one bug is one line.
      final String signature = (what.lines().findFirst().orElse("") + where)
          .replaceAll("'[^']*'|\"[^\"]*\"|\\[[^\\]]*\\]|<[^>]*>|\\d+", "…");
      escapes.computeIfAbsent(signature, k -> new ArrayList<>()).add(kind + " of " + source.name()
          + ", seed " + seed + ": " + what + where);
    }

    String escapes() {
      final StringBuilder out = new StringBuilder();
      escapes.forEach((signature, examples) -> out.append(examples.size()).append(" like ")
          .append(examples.get(0)).append('\n'));
      return out.toString();
    }

    /** Inputs per kind that gave a result ("ok") or a clear error, per target, with totals. */
    String report() {
      final StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
          "%nResponse fuzz: %d inputs, %d escapes%n%-18s", total, escaped, "kind"));
      counts.keySet().forEach(t -> out.append(String.format(Locale.ROOT, "%14s %14s", t + " ok", t + " error")));
      out.append('\n');
      final Map<String, int[]> sums = new LinkedHashMap<>();
      for (Kind kind : Kind.values()) {
        out.append(String.format(Locale.ROOT, "%-18s", kind));
        counts.forEach((target, rows) -> {
          final int[] row = rows.getOrDefault(kind, new int[2]);
          final int[] sum = sums.computeIfAbsent(target, t -> new int[2]);
          sum[0] += row[0];
          sum[1] += row[1];
          out.append(String.format(Locale.ROOT, "%14d %14d", row[0], row[1]));
        });
        out.append('\n');
      }
      out.append(String.format(Locale.ROOT, "%-18s", "total"));
      sums.values().forEach(sum -> out.append(String.format(Locale.ROOT, "%14d %14d", sum[0], sum[1])));
      return out.append('\n').toString();
    }
  }

  /**
   * Why an error is not a clear one, or null: its kind must be one a broken answer gives, its
   * message must say something, and no cause may be a programming error (a RuntimeException
   * other than the parser's own, or an Error) that only a blanket boundary turned into a message.
   */
  private static String fault(ApiException e, Set<ApiErrorKind> kinds) {
    if (!kinds.contains(e.kind())) {
      return "kind " + e.kind() + ": " + e.getMessage();
    }
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      return "no message";
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof Error || c instanceof RuntimeException && !(c instanceof ApiException)
          && !(c instanceof NestedValues.BadResponse)) {
        return "caught only as " + c + " (message: " + e.getMessage() + ")";
      }
    }
    return null;
  }

  private static Source source(String name, String path, byte[] bytes) throws IOException {
    return new Source(name, path, bytes, STRICT.readTree(bytes));
  }

  /**
   * Reads every cell of a {@code /table} answer and checks it against {@code answer}, the input
   * strictly parsed; where that is null the cells are only read.
   */
  private static void readTable(CubeQuery query, byte[] input, JsonNode answer) {
    server.serve(Map.of("/table", CannedServer.json(input, null)));
    if (answer == null) {
      try (CellCursor cursor = adapter.execute(query, CallScope.NONE)) {
        while (cursor.next()) {
          cursor.value(0);
        }
      }
      return;
    }
    final int dims = query.dimensions().size();
    final long[] shape = new long[dims];
    long expectedCells = 1;
    for (int d = 0; d < dims; d++) {
      shape[d] = answer.path("fields").path(d).path("items").size();
      expectedCells *= shape[d];
    }
    long cells = 0;
    try (CellCursor cursor = adapter.execute(query, CallScope.NONE)) {
      while (cursor.next()) {
        if (cells == 0) {
          for (int d = 0; d < dims; d++) {
            checkItems(answer, query, d, cursor.items(d));
          }
        }
        final int[] at = new int[dims];
        long rest = cells;
        for (int d = dims - 1; d >= 0; d--) {
          at[d] = (int) (rest % shape[d]);
          rest /= shape[d];
          assertEquals(at[d], cursor.item(d), "item of dimension " + d + " in cell " + cells);
        }
        for (int m = 0; m < query.measures().size(); m++) {
          final JsonNode v = cell(answer.path("cubes").path(query.measures().get(m).id()).path("values"), at);
          assertTrue(v.isNull() || v.isNumber() && Double.isFinite(v.doubleValue()), () -> "accepted "
              + (v.isNumber() ? "the out-of-range number " + v.doubleValue() : v.getNodeType()) + " as a cell value");
          assertEquals(v.isNull() ? null : v.doubleValue(), cursor.value(m), "value " + m + " of cell " + cells);
        }
        cells++;
      }
    }
    assertEquals(expectedCells, cells, "cells read");
  }

  private static JsonNode cell(JsonNode values, int[] at) {
    JsonNode v = values;
    for (int i : at) {
      v = v.path(i);
    }
    return v;
  }

  private static void checkItems(JsonNode answer, CubeQuery query, int d, List<ResultItem> items) {
    final JsonNode field = answer.path("fields").path(d);
    final JsonNode uri = field.get("uri");
    assertTrue(uri == null || uri.isTextual() && uri.asText().equals(query.dimensions().get(d).dimension().id()),
        "accepted field " + uri + " for " + query.dimensions().get(d).dimension().id());
    final JsonNode expected = field.path("items");
    assertEquals(expected.size(), items.size(), "items of field " + d);
    for (int i = 0; i < items.size(); i++) {
      final JsonNode item = expected.get(i);
      final boolean total = "Total".equals(item.path("type").textValue());
      final String label = String.join("; ", texts(item.path("labels")));
      assertTrue(total || !label.isEmpty(), "accepted an item without labels: " + item);
      final String code = String.join(";", texts(item.path("uris")).stream().map(Uris::lastSegment).toList());
      assertEquals(new ResultItem(label, code, total), items.get(i), "item " + i + " of field " + d);
    }
  }

  private static List<String> texts(JsonNode array) {
    final List<String> out = new ArrayList<>();
    array.forEach(t -> {
      assertTrue(t.isTextual(), () -> "accepted " + t.getNodeType() + " as a label or URI");
      out.add(t.asText());
    });
    return out;
  }

  /** Reads the root folder and checks it against the strictly parsed input. */
  private static void readRoot(byte[] input, JsonNode answer) {
    server.serve(Map.of("/schema", CannedServer.json(input, null)));
    final SchemaNode root = schema.root();
    if (answer != null) {
      assertSame(answer, root);
    }
  }

  private static void assertSame(JsonNode expected, SchemaNode node) {
    assertEquals(expected.path("id").textValue(), node.id());
    assertEquals(expected.path("label").textValue(), node.label());
    assertEquals(expected.path("type").textValue(), node.type());
    final JsonNode children = expected.path("children");
    assertEquals(children.size(), node.children().size(), "children of " + node.id());
    for (int i = 0; i < children.size(); i++) {
      assertSame(children.get(i), node.children().get(i));
    }
  }

  /** Describes a database whose schema nodes are {@code nodes}, with {@code mutated} in place of one. */
  private static void describe(List<Source> nodes, Source mutated, byte[] input) {
    final Map<String, MockResponse> answers = new LinkedHashMap<>();
    nodes.forEach(n -> answers.put(n.path(), CannedServer.json(n.bytes(), null)));
    answers.put(mutated.path(), CannedServer.json(input, null));
    server.serve(answers);
    final CubeTableMeta table = adapter.describe(new TableEntry(PIP, "pip_monthly", "PIP"));
    table.dimensions().forEach(DimensionMeta::items);
  }

  /**
   * The {@code /schema} nodes the catalog reads to describe {@code database} (itself, its groups,
   * fields, value sets and measures), as an emulator that ignores {@code ?depth=} answers them.
   */
  private static List<Source> emulatorSchema(String database) throws IOException, InterruptedException {
    final List<Source> out = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    try (SuperstarEmulator emulator = SuperstarEmulator.builder().pageSize(10_000).start()) {
      final Deque<String> ids = new ArrayDeque<>(List.of(database));
      while (!ids.isEmpty()) {
        final String id = ids.poll();
        final HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
            + "/schema/" + id)).build(), HttpResponse.BodyHandlers.ofByteArray());
        final Source source = source(id, "/schema/" + id + (id.startsWith("str:valueset:") ? "" : "?depth=valueset"),
            page.body());
        out.add(source);
        source.tree().path("children").forEach(c -> {
          if (Set.of("GROUP", "FIELD", "VALUESET", "MEASURE").contains(c.path("type").asText())) {
            ids.add(c.path("id").asText());
          }
        });
      }
    }
    return out;
  }
}
