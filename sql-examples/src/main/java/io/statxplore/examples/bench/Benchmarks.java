package io.statxplore.examples.bench;

import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.superstar.JsonQuery;
import io.statxplore.superstar.SuperstarAdapter;
import io.statxplore.superstar.SuperstarAdapterFactory;
import io.statxplore.superstar.TableResponseReader;
import io.statxplore.superstar.emulator.SuperstarEmulator;
import io.statxplore.superstar.sql.EmulatorSchema;
import io.statxplore.superstar.sql.GeneratedQuery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.HttpUrl;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The benchmarks of {@code BENCHMARKS.md}: each figure is a ratio against a baseline measured in
 * the same run, on this machine. Plain harness (warm-up, then medians), no timing assertions.
 *
 * <p>Arguments: the file to write the report to (default {@code BENCHMARKS.md}), then optionally
 * the sections to run ({@code decode end-to-end planning requests split metadata startup harvest};
 * default all). {@code startup} and {@code harvest} run the packaged driver as new processes, from
 * the project root.
 */
public final class Benchmarks {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The streaming reader's parser settings, for the floor of decoding. */
  private static final JsonFactory FLOOR = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION, StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
  private final StringBuilder report = new StringBuilder();

  public static void main(String[] args) throws Exception {
    final Benchmarks b = new Benchmarks();
    b.line("# Benchmarks").line("")
        .line("Measured by `" + "mvn -q -B -DskipTests install && mvn -q -B -pl sql-examples exec:java"
            + " -Dexec.mainClass=io.statxplore.examples.bench.Benchmarks -Dexec.args=$PWD/BENCHMARKS.md`"
            + " (run from the project root), " + java.time.LocalDate.now() + ", on "
            + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
            + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB. Every ratio compares two"
            + " figures of the same run; the figures compared are measured in turns, so that drift of the JVM or"
            + " the machine touches each alike.").line("");
    final List<String> only = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    final Map<String, Section> sections = new LinkedHashMap<>();
    sections.put("decode", b::decode);
    sections.put("end-to-end", b::endToEnd);
    sections.put("planning", b::planning);
    sections.put("requests", b::requestsAndCells);
    sections.put("split", b::split);
    sections.put("metadata", b::metadata);
    sections.put("startup", () -> {
      try (CommandLineBenchmarks cli = new CommandLineBenchmarks(b)) {
        cli.startup();
      }
    });
    sections.put("harvest", () -> {
      try (CommandLineBenchmarks cli = new CommandLineBenchmarks(b)) {
        cli.harvest();
      }
    });
    for (Map.Entry<String, Section> s : sections.entrySet()) {
      if (only.isEmpty() || only.contains(s.getKey())) {
        s.getValue().run();
      }
    }
    final String text = b.report.toString();
    System.out.print(text);
    Files.writeString(Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md"), text);
  }

  private interface Section {
    void run() throws Exception;
  }

  Benchmarks line(String text) {
    report.append(text).append('\n');
    System.err.println(text);
    return this;
  }

  /** A section: its title, what it measures, and the header of its table. */
  void section(String title, String text, String header) {
    line(title).line("").line(text).line("").line(header);
    final int columns = header.split("\\|", -1).length - 2;
    line("|---|" + "---:|".repeat(columns - 1));
  }

  // 1. Decode throughput and peak heap: the streaming reader against readTree + walk.

  private void decode() throws Exception {
    section("## 1. Decoding `/table` answers",
        "The driver's streaming reader (`TableResponseReader`) against two readings of the same bytes:"
            + " the floor any Jackson-based reader pays (a bare `JsonParser` loop, configured as the reader's"
            + " parser, that takes every number as a double and does nothing else: no item lists, no checks)"
            + " and Jackson `readTree` plus a walk of every value. All three read the answer from memory through"
            + " an `InputStream`, so only decoding is measured."
            + " Heap: the live heap (after a full GC) that a read holds at its peak — half-way through the cells"
            + " for the stream, once the tree is built for the baseline; the input bytes are not counted.",
        "| cells | bytes | streaming cells/s | floor cells/s | streaming / floor | tree cells/s | streaming / tree"
            + " | streaming live heap | tree live heap | heap ratio |");
    final JsonQuery query = JsonQuery.parse(SyntheticAnswer.query(), "benchmark query");
    for (int[] shape : new int[][] {{100, 100}, {1000, 1000}, {2500, 2000}}) {
      final long cells = (long) shape[0] * shape[1];
      final byte[] bytes = SyntheticAnswer.bytes(shape[0], shape[1]);
      final int reps = cells <= 10_000 ? 500 : cells <= 1_000_000 ? 30 : 6;
      final HeapProbe probe = new HeapProbe();
      final LongSupplier streaming = () -> {
        double sum = 0;
        long n = 0;
        try (TableResponseReader r = TableResponseReader.read(new ByteArrayInputStream(bytes), query)) {
          while (r.next()) {
            sum += r.value(0);
            if (++n == cells / 2) {
              probe.sample();
            }
          }
        }
        return (long) sum;
      };
      final LongSupplier tree = () -> {
        try {
          final JsonNode root = JSON.readTree(bytes);
          probe.sample();
          return (long) walk(root.get("cubes").get(SyntheticAnswer.MEASURE).get("values"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      final LongSupplier floor = () -> {
        double sum = 0;
        try (JsonParser p = FLOOR.createParser(new ByteArrayInputStream(bytes))) {
          for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
              sum += p.getDoubleValue();
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return (long) sum;
      };
      if (streaming.getAsLong() != tree.getAsLong() || floor.getAsLong() != tree.getAsLong()) {
        throw new IllegalStateException("the readers disagree");
      }
      final long[][] times = times(reps, streaming, floor, tree);
      final double s = cells / seconds(p(times[0], 50));
      final double f = cells / seconds(p(times[1], 50));
      final double t = cells / seconds(p(times[2], 50));
      final long sHeap = probe.measure(streaming);
      final long tHeap = probe.measure(tree);
      line(String.format(Locale.ROOT, "| %,d | %,d | %,.0f | %,.0f | %.2f× | %,.0f | %.2f× | %s | %s | %.3f |", cells,
          bytes.length, s, f, s / f, t, s / t, mb(sHeap), mb(tHeap), (double) sHeap / tHeap));
    }
    line("");
  }

  private static double walk(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    double sum = 0;
    for (JsonNode child : node) {
      sum += walk(child);
    }
    return sum;
  }

  // 2. End-to-end overhead: the driver against a raw POST of the same body and the same reader.

  private void endToEnd() throws Exception {
    section("## 2. End-to-end overhead of the driver",
        "`executeQuery` and a full iteration reading every column with `getObject`, against a raw POST of"
            + " the request body the driver generates (taken from `EXPLAIN`) read by the same streaming parser"
            + " (`SuperstarAdapter.run`), taking each cell's item codes and value,"
            + " on the emulator with its reply delayed by 200 ms (a fast Stat-Xplore answer) and by 0 ms;"
            + " the larger answers come from its 4,000,000-cell small-area table.",
        "| delay | cells | raw p50 | driver, fresh Statement p50 / p99 | ratio | re-executed PreparedStatement p50 / p99 | ratio | added ms (fresh, prepared) |");
    final String[] queries = {
        "select sum(households_on_universal_credit) from uc_households where region = 'London'"
            + " and month_code = '201805' and family_type_code = '1'",
        "select small_area_code, month_code, sum(people_on_universal_credit) from uc_smallareas"
            + " where small_area_code between 'E01000001' and 'E01000010' group by small_area_code, month_code",
        "select small_area_code, month_code, gender, sum(people_on_universal_credit) from uc_smallareas"
            + " group by small_area_code, month_code, gender"};
    for (long delay : new long[] {200, 0}) {
      try (SuperstarEmulator api = SuperstarEmulator.builder().smallAreas(true).rateLimit(1_000_000)
               .tableRateLimit(1_000_000).start();
           Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl());
           SuperstarAdapter adapter = adapter(api.baseUrl())) {
        for (String sql : queries) {
          final JsonQuery body = JsonQuery.parse(explainedRequest(c, sql), "benchmark query");
          // Reads what the driver's rows hold: each cell's item codes and its value.
          final LongSupplier raw = () -> {
            long n = 0;
            long seen = 0;
            try (TableResponseReader r = adapter.run(body, CallScope.NONE)) {
              final int fields = r.fieldLabels().size();
              while (r.next()) {
                for (int d = 0; d < fields; d++) {
                  seen += r.items(d).get(r.item(d)).code().length();
                }
                seen += r.value(0) == null ? 0 : 1;
                n++;
              }
            }
            return seen > 0 ? n : -n;
          };
          final long cells = raw.getAsLong();
          api.faults().delay(Duration.ofMillis(delay));
          final int reps = cells >= 1_000_000 ? 15 : delay > 0 ? 20 : 50;
          final long[][] times;
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            times = times(reps, raw, () -> query(c, sql), () -> {
              try {
                return drain(ps.executeQuery());
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
          }
          final long[] rawTimes = times[0];
          final long[] fresh = times[1];
          final long[] prepared = times[2];
          api.faults().clear();
          line(String.format(Locale.ROOT, "| %d ms | %,d | %.1f ms | %.1f / %.1f ms | %.2f | %.1f / %.1f ms | %.2f | %.1f, %.1f |",
              delay, cells, ms(p(rawTimes, 50)), ms(p(fresh, 50)), ms(p(fresh, 99)), ratio(fresh, rawTimes),
              ms(p(prepared, 50)), ms(p(prepared, 99)), ratio(prepared, rawTimes),
              ms(p(fresh, 50) - p(rawTimes, 50)), ms(p(prepared, 50) - p(rawTimes, 50))));
        }
      }
    }
    line("");
  }

  /** New SQL text each time (parse, plan, generate code) against SQL run before (plan cache). */
  private void planning() throws Exception {
    section("### Planning",
        "On the emulator with no delay, one request each: a new SQL text for each execution (a numbered"
            + " comment, so parsing and planning run every time; Calcite's cache of compiled plans, which the"
            + " driver turns on, spares the Java compile), the same SQL text each time (the connection's plan"
            + " cache), and the raw request.",
        "| run | p50 | p99 | added ms over raw (p50) |");
    try (SuperstarEmulator api = SuperstarEmulator.builder().rateLimit(1_000_000).tableRateLimit(1_000_000).start();
         Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl());
         SuperstarAdapter adapter = adapter(api.baseUrl())) {
      final String template = "select /* %d */ region, sum(households_on_universal_credit) from uc_households"
          + " where month_code = '201805' group by region";
      final JsonQuery body = JsonQuery.parse(explainedRequest(c, String.format(template, 0)), "planning");
      final int[] run = {0};
      final long[][] times = times(100, () -> {
        long n = 0;
        try (TableResponseReader r = adapter.run(body, CallScope.NONE)) {
          while (r.next()) {
            n++;
          }
        }
        return n;
      }, () -> query(c, String.format(template, ++run[0])), () -> query(c, String.format(template, 0)));
      final long[] raw = times[0];
      final long[] fresh = times[1];
      final long[] same = times[2];
      for (Object[] row : new Object[][] {{"new SQL text each time", fresh}, {"same SQL text", same},
          {"raw request", raw}}) {
        final long[] t = (long[]) row[1];
        line(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f |", row[0], ms(p(t, 50)), ms(p(t, 99)),
            ms(p(t, 50) - p(raw, 50))));
      }
    }
    line("");
  }

  /** Runs {@code sql} in a statement of its own, reading every column of every row; returns the rows. */
  private static long query(Connection c, String sql) {
    try (Statement s = c.createStatement()) {
      return drain(s.executeQuery(sql));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String explainedRequest(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain plan for " + sql)) {
      rs.next();
      final String plan = rs.getString(1);
      final int start = plan.indexOf("request=[{") + "request=[".length();
      int depth = 0;
      for (int i = start; i < plan.length(); i++) {
        depth += plan.charAt(i) == '{' ? 1 : plan.charAt(i) == '}' ? -1 : 0;
        if (depth == 0) {
          return plan.substring(start, i + 1);
        }
      }
      throw new IllegalStateException("no request in " + plan);
    }
  }

  // 3. Requests and cells per query: pushed down against fetching the finest grain.

  private void requestsAndCells() throws Exception {
    try (SuperstarEmulator api = SuperstarEmulator.start();
         Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl())) {
      final List<GeneratedQuery> queries = GeneratedQuery.differentialSet(new EmulatorSchema(api.baseUrl()));
      final List<String> rows = new ArrayList<>();
      final List<Double> ratios = new ArrayList<>();
      int single = 0;
      for (GeneratedQuery q : queries) {
        final long finest = count(c, "select count(*) from " + q.table().id());
        api.resetRequests();
        query(c, q.sql());
        long cells = 0;
        long naive = 0;
        for (SuperstarEmulator.Recorded r : api.requests()) {
          if (r.path().equals("/table")) {
            final JsonNode answer = api.table(JSON.readTree(r.body()));
            cells += answerCells(answer);
            naive = Math.max(naive, finest * answer.get("cubes").size());
          }
        }
        final int requests = api.requestCount("/table");
        single += requests == 1 ? 1 : 0;
        ratios.add((double) cells / naive);
        rows.add(String.format(Locale.ROOT, "| `%s` | %d | %,d | %,d | %.4f |", q.sql(), requests, cells, naive,
            (double) cells / naive));
      }
      Collections.sort(ratios);
      section("## 3. Requests and cells per query",
          "The differential test's " + queries.size() + " generated queries (`GeneratedQuery.differentialSet`:"
              + " grouping by labels and codes, ROLLUP, CUBE, GROUPING SETS, filters with =, IN, <>, NOT IN, OR;"
              + " SUM and AVG), each as the driver runs it, against the naive plan of fetching every cell of the"
              + " table at its finest grain and aggregating locally (one request; cells = `COUNT(*)` of the table"
              + " × the measures asked for). Cells include the Total items the API computes (a naive plan would"
              + " have to add up perturbed cells for them, which gives other numbers)."
              + String.format(Locale.ROOT, " %d of %d queries take exactly one request; cells ratio"
                  + " median %.4f, largest %.4f.", single, queries.size(), ratios.get(ratios.size() / 2),
                  ratios.get(ratios.size() - 1)),
          "| query | requests | cells transferred | naive cells | cells ratio |");
      rows.forEach(this::line);
    }
    line("");
  }

  private static long answerCells(JsonNode answer) {
    long cells = answer.get("cubes").size();
    for (JsonNode field : answer.get("fields")) {
      cells *= field.get("items").size();
    }
    return cells;
  }

  // 4. Split fetch at parallelism 1, 2 and 4.

  private void split() throws Exception {
    section("## 4. Split fetch",
        "Every cell of the emulator's small-area table (5,000 areas × 100 months × 2 genders × 4 age bands"
            + " = 4,000,000 cells) with `maxCellsPerRequest=500000`, the emulator's reply delayed by 200 ms"
            + " per request. Each run iterates every row, reading every column with `getObject` (first"
            + " figures) or only calling `next()` (second figures). Cores busy: the process's CPU time over the"
            + " wall time of the all-columns runs, the in-process emulator's work included (the machine has "
            + Runtime.getRuntime().availableProcessors() + ").",
        "| parallelism | requests | cells | wall time, all columns | speed-up over 1 | cores busy"
            + " | wall time, next() only | speed-up over 1 |");
    final String sql = "select small_area_code, month_code, gender_code, age_bands_code,"
        + " sum(people_on_universal_credit) from uc_smallareas"
        + " group by small_area_code, month_code, gender_code, age_bands_code";
    try (SuperstarEmulator api = SuperstarEmulator.builder().smallAreas(true).rateLimit(1_000_000)
        .tableRateLimit(1_000_000).start()) {
      long single = 0;
      long singleRows = 0;
      for (int parallelism : new int[] {1, 2, 4}) {
        try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl()
            + ";maxCellsPerRequest=500000;parallelism=" + parallelism)) {
          // The item lists, read once per connection, are not what this measures.
          query(c, "select * from uc_smallareas limit 1");
          api.faults().delay(Duration.ofMillis(200));
          api.resetRequests();
          final long cells = query(c, sql);
          final int requests = api.requestCount("/table");
          final long cpu = processCpuNanos();
          final long wall = System.nanoTime();
          final long nanos = median(3, () -> query(c, sql));
          final double cores = (double) (processCpuNanos() - cpu) / (System.nanoTime() - wall);
          final long rowNanos = median(3, () -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
              long n = 0;
              while (rs.next()) {
                n++;
              }
              return n;
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
          api.faults().clear();
          single = parallelism == 1 ? nanos : single;
          singleRows = parallelism == 1 ? rowNanos : singleRows;
          line(String.format(Locale.ROOT, "| %d | %d | %,d | %.0f ms | %.2f× | %.1f | %.0f ms | %.2f× |", parallelism,
              requests, cells, ms(nanos), (double) single / nanos, cores, ms(rowNanos), (double) singleRows / rowNanos));
        }
      }
    }
    line("");
  }

  // 5. Metadata: DBeaver's connect-and-browse sequence, cold and warm.

  private void metadata() throws Exception {
    section("## 5. Metadata cost",
        "`getSchemas`, `getTables`, `getColumns` of `UC_Monthly`, then `SELECT *` with `setMaxRows(200)`:"
            + " requests and wall time on a new connection with an empty `cacheDir` (cold), again on the same"
            + " connection, and on a second connection with the same `cacheDir` (as after a restart). The"
            + " emulator has 6 folders and UC_Monthly's value sets fill 10 pages, so the target is at most"
            + " 6 + 2 + 10 = 18 requests cold. Against a server that honours `/schema?depth=` (SuperSTAR 9.9+;"
            + " unverified for Stat-Xplore) and one that ignores it.",
        "| server | run | /schema requests | /table requests | wall time |");
    for (boolean depth : new boolean[] {true, false}) {
      final Path cache = Files.createTempDirectory("statxplore-bench-cache");
      try (SuperstarEmulator api = SuperstarEmulator.builder().schemaDepth(depth).start()) {
        final String url = "jdbc:statxplore:url=" + api.baseUrl() + ";cacheDir=" + cache;
        final String server = depth ? "honours depth" : "ignores depth";
        try (Connection c = DriverManager.getConnection(url)) {
          browse(api, c, server, "cold");
          browse(api, c, server, "warm, same connection");
        }
        try (Connection c = DriverManager.getConnection(url)) {
          browse(api, c, server, "warm, new connection");
        }
      }
    }
    line("");
  }

  private void browse(SuperstarEmulator api, Connection c, String server, String run) throws SQLException {
    api.resetRequests();
    final long start = System.nanoTime();
    final DatabaseMetaData md = c.getMetaData();
    drain(md.getSchemas());
    drain(md.getTables(null, "statxplore", "%", null));
    drain(md.getColumns(null, "statxplore", "UC_Monthly", null));
    try (Statement s = c.createStatement()) {
      s.setMaxRows(200);
      drain(s.executeQuery("select * from uc_monthly"));
    }
    line(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f ms |", server, run, api.requestCount("/schema"),
        api.requestCount("/table"), ms(System.nanoTime() - start)));
  }

  // Helpers.

  private static SuperstarAdapter adapter(String baseUrl) {
    return new SuperstarAdapter(new AdapterContext(new SuperstarAdapterFactory(), HttpUrl.get(baseUrl), null, null,
        Duration.ofMinutes(5), 0, RequestLimits.DEFAULT, SqlParserImpl.FACTORY));
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long drain(ResultSet rs) throws SQLException {
    long n = 0;
    try (rs) {
      final int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
        n++;
      }
    }
    return n;
  }

  /**
   * Times each of {@code runs} {@code reps} times, taking turns, so that a drift of the JVM or the
   * machine while measuring touches each alike; the sorted times of each run.
   */
  private static long[][] times(int reps, LongSupplier... runs) {
    // Warm-up: as many runs as measured ones and at least two seconds, since code that runs once
    // per answer (its item lists) is compiled only after a thousand small answers.
    for (LongSupplier run : runs) {
      final long warmUntil = System.nanoTime() + 2_000_000_000L;
      for (int i = 0; i < reps || System.nanoTime() < warmUntil; i++) {
        run.getAsLong();
      }
    }
    final long[][] t = new long[runs.length][reps];
    for (int i = 0; i < reps; i++) {
      for (int r = 0; r < runs.length; r++) {
        final long start = System.nanoTime();
        runs[r].getAsLong();
        t[r][i] = System.nanoTime() - start;
      }
    }
    for (long[] sorted : t) {
      Arrays.sort(sorted);
    }
    return t;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long median(int reps, LongSupplier run) {
    return p(times(reps, run)[0], 50);
  }

  private static long p(long[] sorted, int percentile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
  }

  private static double ratio(long[] a, long[] b) {
    return (double) p(a, 50) / p(b, 50);
  }

  /** The live heap at one point of a run, over a baseline taken before it. */
  private static final class HeapProbe {
    boolean enabled;
    long baseline;
    long live;

    void sample() {
      if (enabled) {
        live = used() - baseline;
      }
    }

    long measure(LongSupplier run) {
      baseline = used();
      enabled = true;
      run.getAsLong();
      enabled = false;
      return Math.max(0, live);
    }

    private static long used() {
      System.gc();
      final Runtime rt = Runtime.getRuntime();
      return rt.totalMemory() - rt.freeMemory();
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}
