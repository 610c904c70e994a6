package io.statxplore.examples.bench;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The command-line tool as people run it: each figure is the median wall time of new {@code java}
 * processes (the JVM's start and exit included), taken in turns with the plain {@code java -jar}
 * run it is compared with. The emulator that answers runs in this process, outside the measured one.
 */
final class CommandLineBenchmarks implements AutoCloseable {
  /** The Python harvester's medians as issue 15 published them (seconds, by cells); not rerun here. */
  private static final Map<Long, Double> SEED = Map.of(70L, 0.19, 6_795L, 0.26, 45_648L, 0.32, 200_000L, 0.94,
      1_000_000L, 3.41, 4_000_000L, 14.19);
  private static final int RUNS = 11;
  private static final int LARGE_RUNS = 5;
  private static final int BREAKDOWN_RUNS = 3;
  private static final List<String> SELECT_1 = List.of("sql", "--demo", "-e", "SELECT 1");
  /** A line of {@code -Xlog:class+load} with the {@code uptimenanos} decoration. */
  private static final Pattern LOADED = Pattern.compile("^\\[(\\d+)ns\\] (\\S+) source: (.*)$");
  private static final String JVM_START = "JVM start-up (before the tool's first class)";
  private static final String REST = "rest";
  /** What {@link #medians} checks: a non-empty standard output, or nothing. */
  private static final long OUTPUT = -1;
  private static final long NOTHING = -2;

  private final Benchmarks report;
  private final Path jar;
  private final Path archive;
  private final Path launcher;
  private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private final Path work;
  private final Map<Long, Path> queries;

  CommandLineBenchmarks(Benchmarks report) throws IOException {
    this.report = report;
    final Path target = Path.of("driver", "target").toAbsolutePath();
    this.jar = target.resolve("statxplore-jdbc.jar");
    this.archive = target.resolve("statxplore-jdbc.jsa");
    this.launcher = target.resolve("statxplore");
    for (Path p : List.of(jar, archive, launcher)) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("package the driver and run from the project root: " + p + " is missing");
      }
    }
    this.work = Files.createTempDirectory("statxplore-bench-cli");
    this.queries = HarvestQueries.write(work);
  }

  /** A way to start the tool: its name in the tables and the command before the tool's arguments. */
  private record Variant(String name, List<String> command) {
    List<String> with(List<String> args) {
      final List<String> all = new ArrayList<>(command);
      all.addAll(args);
      return all;
    }
  }

  private Variant plain() {
    return java("`java -jar`");
  }

  private Variant java(String name, String... options) {
    final List<String> command = new ArrayList<>(List.of(java));
    command.addAll(Arrays.asList(options));
    command.addAll(List.of("-jar", jar.toString()));
    return new Variant(name, command);
  }

  private Variant archiveOnly() {
    return java("archive only", "-XX:SharedArchiveFile=" + archive);
  }

  private Variant launcher() {
    return new Variant("`driver/target/statxplore`", List.of(launcher.toString()));
  }

  // 6. Start-up alone, the launcher's JVM options, where the time goes.

  void startup() throws Exception {
    final double load = load();
    report.section("## 6. Start-up of the command-line tool",
        "Commands that do (almost) nothing, each run as a new process: wall time from starting the process to"
            + " its exit, median of " + RUNS + " runs taken in turns. *Archive only*: `java"
            + " -XX:SharedArchiveFile=driver/target/statxplore-jdbc.jsa -jar driver/target/statxplore-jdbc.jar`,"
            + " with the class-data-sharing archive the build trains; the launcher `driver/target/statxplore`"
            + " adds the options chosen by the next table. `java -version` is the floor of any Java program"
            + " here.",
        "| command | `java -jar` | archive only | ratio | `driver/target/statxplore` | ratio |");
    final Variant[] variants = {plain(), archiveOnly(), launcher()};
    for (List<String> args : List.of(List.of("--version"), List.of("--help"), SELECT_1)) {
      final long[] t = medians(RUNS, args, OUTPUT, variants);
      report.line(String.format(Locale.ROOT, "| `%s` | %s | %s | %.2f | %s | %.2f |", String.join(" ", args)
          .replace("SELECT 1", "'SELECT 1'"), s(t[0]), s(t[1]), (double) t[1] / t[0], s(t[2]), (double) t[2] / t[0]));
    }
    final long floor = medians(RUNS, List.of(), NOTHING, new Variant("", List.of(java, "-version")))[0];
    report.line(String.format(Locale.ROOT, "| `java -version`, no jar | %s | | | | |", s(floor)));
    report.line("");
    try (SuperstarEmulator api = emulator()) {
      options(api);
      breakdown(api);
    }
    loadNote(load);
  }

  /** The JVM options the launcher adds to the archive, chosen by this table. */
  private void options(SuperstarEmulator api) throws Exception {
    final String cds = "-XX:SharedArchiveFile=" + archive;
    final Variant[] variants = {plain(), archiveOnly(),
        java("archive, C1 only", cds, "-XX:TieredStopAtLevel=1"),
        java("archive, serial GC", cds, "-XX:+UseSerialGC"),
        java("archive, C1 only, serial GC", cds, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
        java("C1 only, serial GC, no archive", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")};
    final long[] tiny = medians(RUNS, harvest(api, 70), 70, variants);
    final long[] sql = medians(RUNS, SELECT_1, OUTPUT, variants);
    final long[] large = medians(LARGE_RUNS, harvest(api, 4_000_000), 4_000_000, variants);
    report.section("### JVM options",
        "The same jar under options that shorten start-up, against plain `java -jar`: `harvest` of 70 and"
            + " of 4,000,000 cells from the emulator and `sql --demo -e 'SELECT 1'` (medians of " + RUNS + ", "
            + LARGE_RUNS + " for 4,000,000 cells). C1 only (`-XX:TieredStopAtLevel=1`) leaves out the"
            + " optimising compiler, whose work a short run does not live to profit from; the serial collector"
            + " is lighter to set up than G1. The launcher takes the archive and C1 only.",
        "| options | harvest, 70 cells | ratio | `sql --demo -e 'SELECT 1'` | ratio | harvest, 4,000,000 cells"
            + " | ratio |");
    for (int i = 0; i < variants.length; i++) {
      report.line(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %.2f | %s | %.2f |", variants[i].name(),
          s(tiny[i]), (double) tiny[i] / tiny[0], s(sql[i]), (double) sql[i] / sql[0], s(large[i]),
          (double) large[i] / large[0]));
    }
    report.line("");
  }

  /** Class loading by library, from {@code -Xlog:class+load}, for the later work of loading less. */
  private void breakdown(SuperstarEmulator api) throws Exception {
    report.section("### Where start-up time goes",
        "Runs with `-Xlog:class+load` (which slows them a little) of `harvest` (70 cells) and of `sql --demo"
            + " -e 'SELECT 1'`: the classes of each library the command loads, how many of them the launcher"
            + " took from the archive, and the milliseconds of the run from each load of one of the library's"
            + " classes to the next class load of another library (median of " + BREAKDOWN_RUNS + " runs), with"
            + " `java -jar` and with the launcher. JDK classes count for the library whose code loads them, except"
            + " those of TLS and certificates; the emulator's data generation counts for the emulator. *Rest*: the"
            + " work after the last class load, the exit, and the process's start before the JVM's clock.",
        "| library | harvest: classes | from the archive | ms, `java -jar` | ms, launcher | SELECT 1: classes"
            + " | from the archive | ms, `java -jar` | ms, launcher |");
    final List<Map<String, long[]>> runs = new ArrayList<>();
    for (List<String> args : List.of(harvest(api, 70), SELECT_1)) {
      runs.add(classLoads(plain(), args));
      runs.add(classLoads(launcher(), args));
    }
    final List<String> libraries = new ArrayList<>();
    runs.forEach(r -> r.keySet().stream().filter(l -> !libraries.contains(l) && !l.equals(REST))
        .forEach(libraries::add));
    libraries.add(REST);
    final long[] total = new long[runs.size()];
    for (String library : libraries) {
      final StringBuilder row = new StringBuilder("| ").append(library);
      for (int r = 0; r < runs.size(); r += 2) {
        final long[] plain = runs.get(r).getOrDefault(library, new long[3]);
        final long[] fast = runs.get(r + 1).getOrDefault(library, new long[3]);
        total[r] += plain[1];
        total[r + 1] += fast[1];
        row.append(String.format(Locale.ROOT, " | %,d | %,d | %.0f | %.0f", plain[0], fast[2], plain[1] / 1e6,
            fast[1] / 1e6));
      }
      report.line(row.append(" |").toString());
    }
    report.line(String.format(Locale.ROOT, "| **all** | | | %.0f | %.0f | | | %.0f | %.0f |", total[0] / 1e6,
        total[1] / 1e6, total[2] / 1e6, total[3] / 1e6));
    report.line("");
  }

  /**
   * By library, in order of first load: the classes {@code args} loads, the nanoseconds of the run
   * the library owns (median of {@value #BREAKDOWN_RUNS} runs), the classes from the archive.
   */
  private Map<String, long[]> classLoads(Variant variant, List<String> args) throws Exception {
    final List<Map<String, long[]>> runs = new ArrayList<>();
    for (int i = 0; i < BREAKDOWN_RUNS; i++) {
      runs.add(classLoadsOnce(variant, args));
    }
    final Map<String, long[]> medians = runs.get(0);
    medians.forEach((library, figures) -> figures[1] = runs.stream()
        .mapToLong(r -> r.getOrDefault(library, new long[3])[1]).sorted().toArray()[BREAKDOWN_RUNS / 2]);
    return medians;
  }

  private Map<String, long[]> classLoadsOnce(Variant variant, List<String> args) throws Exception {
    final Path log = work.resolve("class-load.log");
    Files.deleteIfExists(log);
    // The launcher passes JAVA_TOOL_OPTIONS on, as any java command does.
    final long wall = run(variant.with(args),
        Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + log + ":uptimenanos"));
    final Map<String, long[]> groups = new LinkedHashMap<>();
    String owner = JVM_START;
    groups.put(owner, new long[3]);
    long last = 0;
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines::iterator) {
        final Matcher m = LOADED.matcher(line);
        if (!m.matches()) {
          continue;
        }
        final long at = Long.parseLong(m.group(1));
        groups.get(owner)[1] += at - last;
        last = at;
        final String library = owner.equals(JVM_START) && !m.group(2).startsWith("io.statxplore.") ? JVM_START
            : library(m.group(2));
        if (library != null) {
          owner = library;
          final long[] g = groups.computeIfAbsent(library, k -> new long[3]);
          g[0]++;
          g[2] += m.group(3).startsWith("shared objects file") ? 1 : 0;
        }
      }
    }
    groups.computeIfAbsent(REST, k -> new long[3])[1] += wall - last;
    return groups;
  }

  /** The library a class belongs to; null for a JDK class, which counts for the library running. */
  private static String library(String name) {
    final String unshaded = name.startsWith("io.statxplore.shaded.")
        ? name.substring("io.statxplore.shaded.".length()) : name;
    if (unshaded.startsWith("picocli.")) {
      return "picocli";
    }
    if (unshaded.startsWith("com.fasterxml.jackson.")) {
      return "Jackson";
    }
    if (unshaded.startsWith("okhttp3.") || unshaded.startsWith("okio.") || unshaded.startsWith("kotlin.")) {
      return "OkHttp, Okio, Kotlin";
    }
    if (unshaded.startsWith("com.google.")) {
      return "Guava";
    }
    if (name.startsWith("javax.net.ssl.") || name.startsWith("sun.security.")
        || name.startsWith("java.security.cert.")) {
      return "TLS, certificates (JDK)";
    }
    if (name.startsWith("io.statxplore.superstar.emulator.") || name.startsWith("sun.net.httpserver.")
        || name.startsWith("com.sun.net.httpserver.")) {
      return "emulator (`--demo`), its data included";
    }
    if (name.startsWith("org.apache.calcite.")) {
      return "Calcite, Avatica";
    }
    if (name.startsWith("org.codehaus.")) {
      return "Janino";
    }
    if (name.startsWith("io.statxplore.")) {
      return "statxplore (CLI, driver, adapters)";
    }
    if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
        || name.startsWith("com.sun.")) {
      return null;
    }
    return "other libraries";
  }

  // 7. harvest from 70 to 4,000,000 cells.

  void harvest() throws Exception {
    final double load = load();
    report.section("## 7. `harvest` against the emulator",
        "`harvest -q <query.json> -o out.csv --no-header` of queries written in Stat-Xplore's export format,"
            + " answered by the emulator (its small-area table from 6,795 cells up) running in the benchmark's"
            + " process, outside the measured one. Each run is a new process: median of " + RUNS + " runs ("
            + LARGE_RUNS + " from 10^6 cells) taken in turns; every run's exit code and the first run's row"
            + " count are checked. The Python harvester (the seed) cannot be installed here (no PyPI): its"
            + " column holds the medians issue 15 published for the same sizes, measured on this machine"
            + " against a server of the same kind, **not rerun in this run**.",
        "| cells | `java -jar` | archive only | ratio | `driver/target/statxplore` | ratio | seed (issue 15)"
            + " | launcher / seed |");
    try (SuperstarEmulator api = emulator()) {
      for (long cells : queries.keySet()) {
        final long[] t = medians(cells >= 1_000_000 ? LARGE_RUNS : RUNS, harvest(api, cells), cells, plain(),
            archiveOnly(), launcher());
        report.line(String.format(Locale.ROOT, "| %,d | %s | %s | %.2f | %s | %.2f | %.2f s | %.2f |", cells,
            s(t[0]), s(t[1]), (double) t[1] / t[0], s(t[2]), (double) t[2] / t[0], SEED.get(cells),
            t[2] / 1e9 / SEED.get(cells)));
      }
    }
    report.line("");
    loadNote(load);
  }

  /** The system's load average over the last minute. */
  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Wall times depend on what else the machine runs: says how busy it was. */
  private void loadNote(double atStart) {
    report.line(String.format(Locale.ROOT, "Load average (1 minute) when this section's runs began and ended: %.1f"
        + " and %.1f, on %d cores.", atStart, load(), Runtime.getRuntime().availableProcessors())).line("");
  }

  private static SuperstarEmulator emulator() {
    return SuperstarEmulator.builder().smallAreas(true).cellLimit(4_000_000).rateLimit(1_000_000)
        .tableRateLimit(1_000_000).start();
  }

  private List<String> harvest(SuperstarEmulator api, long cells) {
    return List.of("harvest", "--url", "jdbc:statxplore:url=" + api.baseUrl() + ";maxCellsPerRequest=4000000",
        "-q", queries.get(cells).toString(), "-o", "out.csv", "--no-header", "-e", "error.log");
  }

  // Running processes.

  /**
   * The median wall time of each variant running {@code args}, {@code runs} times in turns, after one
   * run each that warms the file cache and the emulator and whose output is checked: {@code rows}
   * lines in {@code out.csv}, or {@link #OUTPUT} or {@link #NOTHING}.
   */
  private long[] medians(int runs, List<String> args, long rows, Variant... variants) throws Exception {
    for (Variant v : variants) {
      run(v.with(args), Map.of());
      check(rows);
    }
    final long[][] t = new long[variants.length][runs];
    for (int i = 0; i < runs; i++) {
      for (int v = 0; v < variants.length; v++) {
        t[v][i] = run(variants[v].with(args), Map.of());
      }
    }
    final long[] medians = new long[variants.length];
    for (int v = 0; v < variants.length; v++) {
      Arrays.sort(t[v]);
      medians[v] = t[v][runs / 2];
    }
    return medians;
  }

  private void check(long rows) throws IOException {
    if (rows == OUTPUT && Files.size(work.resolve("stdout.txt")) == 0) {
      throw new IllegalStateException("no output");
    }
    if (rows >= 0) {
      final Path csv = work.resolve("out.csv");
      final long n;
      try (Stream<String> lines = Files.lines(csv, StandardCharsets.UTF_8)) {
        n = lines.count();
      }
      Files.delete(csv);
      if (n != rows) {
        throw new IllegalStateException("harvest wrote " + n + " rows where " + rows + " were expected");
      }
    }
  }

  /** Runs {@code command} in the work directory; its wall time. Fails unless it exits with 0. */
  private long run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    final Path err = work.resolve("stderr.txt");
    final ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
        .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(err.toFile());
    // The launcher runs the java of JAVA_HOME: the one measured here, for which the archive was made.
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    final long start = System.nanoTime();
    final Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("still running after 10 minutes: " + command);
    }
    final long nanos = System.nanoTime() - start;
    if (p.exitValue() != 0) {
      throw new IllegalStateException("exit code " + p.exitValue() + " from " + command + ": "
          + Files.readString(err, StandardCharsets.UTF_8));
    }
    return nanos;
  }

  /** Removes the query files and what the runs wrote. */
  @Override public void close() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  private static String s(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
