package io.statxplore.core.spi;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * What the command-line tool gives the commands an adapter offers
 * ({@link AdapterFactory#commands}): the API its connection options ({@code --url},
 * {@code --demo}, {@code -k}, {@code -p}) describe, output that fails loudly, and the tool's
 * ways with secrets and failures. A command that fails throws; the tool prints the failure as
 * one line and exits with 1.
 */
public interface CommandHost {
  /** An API opened for a command; closing it releases its client and stops a demo emulator. */
  interface Session extends AutoCloseable {
    ApiAdapter adapter();

    @Override void close();
  }

  /** A command whose {@code -d/--debug} asks for a failure's stack trace before its one line. */
  interface Debug {
    boolean debug();
  }

  /** Opens the API the connection options describe, as a connection would (settings checked, key found). */
  Session open() throws SQLException;

  /** Standard output; closing flushes it. */
  CommandOutput standardOutput();

  /**
   * {@code file}, written under a temporary name and put in its place by
   * {@link CommandOutput#commit()}; standard output when it is null or {@code -}.
   */
  CommandOutput output(@Nullable Path file) throws IOException;

  /** Where progress and log lines go. */
  PrintStream err();

  /** Whether a person watches {@link #err()}, so that long fetches show {@link Progress}. */
  boolean interactive();

  /** {@code text} without the secrets the options and the URL hold. */
  String redact(String text);

  /** A failure in the tool's one line: the message, with its SQLState where it has one. */
  String describe(Throwable failure);
}
