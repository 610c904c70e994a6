package io.statxplore.jdbc.cli;

import io.statxplore.core.http.ApiException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * {@code java -jar statxplore-jdbc.jar}: the command-line tool. Without a command it opens an
 * interactive SQL shell; {@code sql} runs statements, {@code harvest} replaces the Python
 * {@code statxplore} harvester, {@code schema}, {@code info} and {@code rate-limit} show the API's
 * metadata. Failures end with a one-line message on stderr and exit code 1 (2 for bad usage).
 */
@Command(name = "statxplore", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"SQL on Stat-Xplore (the SuperSTAR Open Data API), and a harvester of its exported queries.",
        "Without a command: an interactive SQL shell."},
    subcommands = {SqlCommand.class, HarvestCommand.class, MetadataCommands.Schema.class,
        MetadataCommands.Info.class, MetadataCommands.RateLimit.class})
public final class Main implements Callable<Integer> {
  /**
   * Where a run reads and writes.
   *
   * @param interactive whether a person watches stderr (then long fetches report progress)
   */
  record Streams(InputStream in, PrintStream out, PrintStream err, boolean interactive) { }

  @Mixin ConnectionOptions connection;

  private final Streams io;

  Main(Streams io) {
    this.io = io;
  }

  public static void main(String[] args) {
    // The jar carries no SLF4J binding, so that it does not impose one on hosts; say nothing about it.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    final Streams io = new Streams(System.in, new PrintStream(System.out, true, StandardCharsets.UTF_8),
        new PrintStream(System.err, true, StandardCharsets.UTF_8), System.console() != null);
    System.exit(run(args, io));
  }

  /** Runs the tool; returns its exit code. */
  static int run(String[] args, Streams io) {
    final Main main = new Main(io);
    final CommandLine commandLine = new CommandLine(main);
    commandLine.setOut(new PrintWriter(io.out(), true));
    commandLine.setErr(new PrintWriter(io.err(), true));
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      io.err().println("statxplore: " + main.connection.redact(describe(e)));
      return 1;
    });
    return commandLine.execute(args);
  }

  /** A failure in one line: the driver's or API's own message, never a stack trace. */
  static String describe(Exception e) {
    if (e instanceof SQLException || e instanceof ApiException) {
      return e.getMessage();
    }
    if (e instanceof UncheckedIOException u) {
      return describe(u.getCause());
    }
    if (e instanceof NoSuchFileException n) {
      return "no such file or directory: " + n.getFile();
    }
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof IOException) {
      return String.valueOf(e.getMessage());
    }
    final ApiException api = ApiException.find(e);
    return api != null ? api.getMessage() : "internal error: " + e;
  }

  Streams io() {
    return io;
  }

  @Override public Integer call() throws IOException {
    return Shell.run(connection, io);
  }

  /** The version in the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
      final String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"statxplore-jdbc " + (version == null ? "(development build)" : version)};
    }
  }
}
