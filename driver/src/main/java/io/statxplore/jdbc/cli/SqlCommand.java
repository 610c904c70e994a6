package io.statxplore.jdbc.cli;

import io.statxplore.core.spi.CommandHost;
import io.statxplore.core.spi.Progress;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sql -e SQL} / {@code sql -f FILE}: runs {@code ;}-separated statements in order and
 * prints each result; stops at the first failure.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run SQL statements and print their results")
final class SqlCommand implements Callable<Integer>, CommandHost.Debug {
  @ParentCommand Main main;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the SQL comes from. */
  static final class Source {
    @Option(names = "-e", paramLabel = "SQL", description = "Statements to run, separated by ;")
    String sql;

    @Option(names = "-f", paramLabel = "FILE", description = "File of statements separated by ; (- for standard input)")
    Path file;
  }

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table, csv, tsv or json (default: ${DEFAULT-VALUE})")
  ResultPrinter.Format format;

  @Option(names = {"-d", "--debug"}, description = "On failure, print the stack trace as well")
  boolean debug;

  @Override public boolean debug() {
    return debug;
  }

  @Override public Integer call() throws SQLException, IOException {
    final String text = source.sql != null ? source.sql
        : source.file.toString().equals("-") ? new String(main.io().in().readAllBytes(), StandardCharsets.UTF_8)
        : Files.readString(source.file, StandardCharsets.UTF_8);
    final List<String> statements = SqlScript.split(text);
    if (statements.isEmpty()) {
      throw new SQLException("no SQL statement in " + (source.sql != null ? "-e" : source.file));
    }
    try (Output out = Output.standard(main.io().out()); Connection c = main.connection.connect()) {
      final ResultPrinter printer = new ResultPrinter(format, out.writer(),
          new Progress(main.io().err(), main.io().interactive()));
      for (int i = 0; i < statements.size(); i++) {
        if (i > 0 && format == ResultPrinter.Format.table) {
          out.println("");
        }
        try (Statement s = c.createStatement()) {
          if (s.execute(statements.get(i))) {
            printer.print(s.getResultSet());
          } else {
            out.println("(" + s.getUpdateCount() + " rows affected)");
          }
          // A statement's result is out before the next one runs, or fails.
          out.writer().flush();
          for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
            main.io().err().println("warning: " + main.connection.redact(w.getMessage()));
          }
        }
      }
    }
    return 0;
  }
}
