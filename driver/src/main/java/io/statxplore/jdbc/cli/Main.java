package io.statxplore.jdbc.cli;

import io.statxplore.core.http.ApiException;
import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.CommandHost;
import io.statxplore.core.spi.CommandOutput;
import io.statxplore.jdbc.Adapters;
import io.statxplore.jdbc.ApiSession;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code java -jar statxplore-jdbc.jar}: the command-line tool. Without a command it opens an
 * interactive SQL shell; {@code sql} runs statements; the adapters add commands that call their
 * API directly ({@link AdapterFactory#commands}, e.g. SuperSTAR's {@code harvest}, which replaces
 * the Python {@code statxplore} harvester, and {@code schema}, {@code info}, {@code rate-limit}),
 * for which it is their {@link CommandHost}. Failures, a write to standard output or a file that
 * fails among them, end with a one-line message on stderr and exit code 1 (2 for bad usage).
 */
@Command(name = "statxplore", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"SQL on statistical web APIs (Stat-Xplore by default), and the APIs' own calls.",
        "Without a command: an interactive SQL shell."})
public final class Main implements Callable<Integer>, CommandHost {
  /**
   * Where a run reads and writes. Standard output is a plain stream, so that a write that fails
   * fails the command (a {@code PrintStream} would swallow the error).
   *
   * @param interactive whether a person watches stderr (then long fetches report progress)
   */
  record Streams(InputStream in, OutputStream out, PrintStream err, boolean interactive) { }

  @Mixin ConnectionOptions connection;

  private final Streams io;

  Main(Streams io) {
    this.io = io;
  }

  public static void main(String[] args) {
    // The jar carries no SLF4J binding, so that it does not impose one on hosts; say nothing about it.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    final Streams io = new Streams(System.in, new FileOutputStream(FileDescriptor.out),
        new PrintStream(System.err, true, StandardCharsets.UTF_8), System.console() != null);
    System.exit(run(args, io));
  }

  /** Runs the tool; returns its exit code. */
  static int run(String[] args, Streams io) {
    final Main main = new Main(io);
    final CommandLine commandLine = new CommandLine(main);
    final List<Object> commands = new ArrayList<>(List.of(new SqlCommand()));
    Adapters.all().forEach(f -> commands.addAll(f.commands(main)));
    // picocli takes milliseconds to model each command: a run that names one models only that one
    // (help, an unknown command and options before the command still see them all).
    final List<Object> named = args.length == 0 ? List.of()
        : commands.stream().filter(c -> names(c).contains(args[0])).toList();
    (named.isEmpty() ? commands : named).forEach(commandLine::addSubcommand);
    // picocli's help and version text: a PrintWriter keeps write errors to itself, the stream under it does not
    final Output.Checked usage = new Output.Checked(io.out(), "to standard output", false);
    commandLine.setOut(new PrintWriter(new OutputStreamWriter(usage, StandardCharsets.UTF_8), true));
    commandLine.setErr(new PrintWriter(io.err(), true));
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> main.fail(e, cmd.getCommand()));
    final int code;
    try {
      code = commandLine.execute(args);
    } catch (Error e) {
      // picocli passes a command's Error through (an ExceptionInInitializerError from a driver bug,
      // an OutOfMemoryError); it still ends the run with one line.
      Object command = main;
      for (ParseResult p = commandLine.getParseResult(); p != null; p = p.subcommand()) {
        command = p.commandSpec().userObject();
      }
      return main.fail(e, command);
    }
    final IOException failure = usage.failure();
    return failure == null ? code : main.fail(failure, main);
  }

  /** The name and aliases of a command. */
  private static List<String> names(Object command) {
    final Command c = command.getClass().getAnnotation(Command.class);
    final List<String> names = new ArrayList<>(List.of(c.aliases()));
    names.add(c.name());
    return names;
  }

  /** Prints {@code e} as one line on stderr, after its stack trace if {@code command} was asked to debug. */
  private int fail(Throwable e, Object command) {
    if (command instanceof CommandHost.Debug d && d.debug()) {
      final StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      io.err().print(connection.redact(trace.toString()));
    }
    io.err().println("statxplore: " + connection.redact(oneLine(e)));
    return 1;
  }

  /** A failure in one line: the driver's or API's own message with its SQLState, never a stack trace. */
  static String oneLine(Throwable e) {
    if (e instanceof SQLException s) {
      final String line = String.valueOf(s.getMessage()).strip().lines().findFirst().orElse("");
      return s.getSQLState() == null ? line : line + " (SQLState " + s.getSQLState() + ")";
    }
    if (e instanceof UncheckedIOException u) {
      return oneLine(u.getCause());
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
    return api != null ? oneLine(api.toSqlException()) : "internal error: " + e;
  }

  Streams io() {
    return io;
  }

  @Override public ApiSession open() throws SQLException {
    return connection.api();
  }

  @Override public CommandOutput standardOutput() {
    return Output.standard(io.out());
  }

  @Override public CommandOutput output(@Nullable Path file) throws IOException {
    return Output.of(file, io.out());
  }

  @Override public PrintStream err() {
    return io.err();
  }

  @Override public boolean interactive() {
    return io.interactive();
  }

  @Override public String redact(String text) {
    return connection.redact(text);
  }

  @Override public String describe(Throwable failure) {
    return oneLine(failure);
  }

  @Override public Integer call() throws SQLException, IOException {
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
