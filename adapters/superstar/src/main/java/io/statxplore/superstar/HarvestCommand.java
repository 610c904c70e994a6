package io.statxplore.superstar;

import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.CommandHost;
import io.statxplore.core.spi.CommandOutput;
import io.statxplore.core.spi.Progress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code harvest}: a drop-in for the Python {@code statxplore} harvester. Runs a query exported
 * from Stat-Xplore as it is and writes one row per cell (every item of every field, Totals
 * included, the first label of each item) with a column per field label and one per measure
 * label, {@code |}-delimited. Unlike the harvester it writes a header line first unless
 * {@code --no-header} is given; with it the file is byte for byte the harvester's. Rows are
 * written as the answer streams in, to a temporary file that replaces the output file only once
 * the whole answer was read.
 */
@Command(name = "harvest", mixinStandardHelpOptions = true,
    description = {"Run a query exported from Stat-Xplore (Download Table → Open Data API Query (.json))",
        "and write one row per cell, like the Python statxplore harvester."})
public final class HarvestCommand implements Callable<Integer>, CommandHost.Debug {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private final CommandHost host;

  @Option(names = {"-q", "--query"}, required = true, paramLabel = "QUERY_JSON",
      description = "Open Data API query JSON file")
  Path query;

  @Option(names = {"-o", "--output"}, paramLabel = "CSV", description = "Output file (default: standard output)")
  Path output;

  @Option(names = {"-c", "--csv"}, description = "Print only the header line the query gives, and write no file")
  boolean headerOnly;

  @Option(names = {"-v", "--verbose"}, description = "More logging information on stderr")
  boolean verbose;

  @Option(names = {"-d", "--debug"},
      description = "Extra verbose logging, including the request sent and a failure's stack trace")
  boolean debug;

  @Option(names = {"-e", "--error"}, paramLabel = "LOG", defaultValue = "error.log",
      description = "File errors are appended to (default: ${DEFAULT-VALUE}; created only on error)")
  Path errorLog;

  @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = "|",
      description = "Field delimiter (default: ${DEFAULT-VALUE})")
  char delimiter;

  @Option(names = "--no-header", description = "Write no header line, exactly as the Python harvester")
  boolean noHeader;

  private Progress progress;

  public HarvestCommand(CommandHost host) {
    this.host = host;
  }

  @Override public boolean debug() {
    return debug;
  }

  @Override public Integer call() throws SQLException, IOException {
    progress = new Progress(host.err(), host.interactive());
    try {
      harvest();
      return 0;
    } catch (SQLException | IOException | RuntimeException e) {
      progress.done();
      log("ERROR", host.redact(host.describe(e)), true);
      throw e;
    }
  }

  private void harvest() throws SQLException, IOException {
    final JsonQuery json = JsonQuery.read(query);
    info("Query " + query + ": " + json.measures().size() + " measures, " + json.fields().size() + " dimensions");
    debug("POST /table " + new String(json.body(), StandardCharsets.UTF_8));
    try (CommandHost.Session api = host.open()) {
      if (!(api.adapter() instanceof SuperstarAdapter superstar)) {
        throw new SQLException("harvest runs SuperSTAR queries; this URL's api is not superstar");
      }
      progress.show("requests 0/1, waiting for the answer");
      try (TableResponseReader cells = superstar.run(json, CallScope.NONE)) {
        final List<String> labels = new ArrayList<>(cells.fieldLabels());
        labels.addAll(cells.measureLabels());
        final Columns columns = new Columns(labels);
        info("CSV headers: " + String.join(", ", columns.names()));
        if (headerOnly) {
          try (CommandOutput out = host.standardOutput()) {
            out.println(String.join(String.valueOf(delimiter), columns.names()));
          }
          return;
        }
        final long total = cells.cellCount();
        long rows = 0;
        try (CommandOutput out = host.output(output)) {
          final PythonCsv csv = new PythonCsv(out.writer(), delimiter);
          if (!noHeader) {
            csv.writeRow(columns.names().toArray(String[]::new));
          }
          final int fields = cells.fieldLabels().size();
          final String[] row = new String[labels.size()];
          while (cells.next()) {
            for (int d = 0; d < fields; d++) {
              row[d] = cells.firstLabel(d);
            }
            for (int m = 0; m < row.length - fields; m++) {
              row[fields + m] = PythonCsv.repr(cells.value(m));
            }
            csv.writeRow(columns.row(row));
            progress.cells(0, 1, ++rows, total);
          }
          // The answer was read to its end and checked: only now does the file replace the old one.
          out.commit();
        }
        progress.finish(Progress.cellText(1, 1, rows, total));
        info("Wrote " + rows + " CSV rows" + (output == null ? "" : " to " + output));
      }
    }
  }

  /**
   * The harvester's columns: it keyed each row by label, so a label that repeats keeps the
   * first one's place and the last one's value. Kept for identical output, with a warning.
   */
  private final class Columns {
    private final List<String> names;
    private final int[] slot;

    Columns(List<String> labels) {
      final Map<String, Integer> places = new LinkedHashMap<>();
      slot = new int[labels.size()];
      for (int i = 0; i < labels.size(); i++) {
        final Integer place = places.putIfAbsent(labels.get(i), places.size());
        if (place != null) {
          log("WARNING", "the label \"" + labels.get(i) + "\" repeats; like the Python harvester only its"
              + " last column is written", false);
        }
        slot[i] = place == null ? places.size() - 1 : place;
      }
      names = List.copyOf(places.keySet());
    }

    List<String> names() {
      return names;
    }

    String[] row(String[] values) {
      if (names.size() == values.length) {
        return values;
      }
      final String[] out = new String[names.size()];
      for (int i = 0; i < values.length; i++) {
        out[slot[i]] = values[i];
      }
      return out;
    }
  }

  private void info(String message) {
    if (verbose || debug) {
      log("INFO", message, false);
    }
  }

  private void debug(String message) {
    if (debug) {
      log("DEBUG", message, false);
    }
  }

  /**
   * A log line on stderr in the harvester's layout (time, level, message); errors are also
   * appended to the error log. A failure's one-line message is printed by the tool.
   */
  private void log(String level, String message, boolean error) {
    final String line = LocalDateTime.now().format(TIME) + " harvest " + level + " " + message;
    if (!error) {
      progress.done();
      host.err().println(line);
      return;
    }
    try {
      Files.writeString(errorLog, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // The failure being logged matters more; say why the log lacks it and go on.
      host.err().println("statxplore: cannot append to the error log " + errorLog + ": " + host.describe(e));
    }
  }
}
