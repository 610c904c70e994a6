package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the command-line tool in process and captures what it prints. */
final class Cli {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "K-7f3a9";

  private Cli() {
  }

  /** What one run printed and returned. */
  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  static Result run(String... args) {
    return run("", false, args);
  }

  static Result run(String stdin, boolean interactive, String... args) {
    return run(stdin(stdin), new ByteArrayOutputStream(), interactive, args);
  }

  /** A run with these standard input and output; {@code out} is what it printed if {@code stdout} keeps it. */
  static Result run(InputStream stdin, OutputStream stdout, boolean interactive, String... args) {
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final int code = Main.run(args, new Main.Streams(stdin, stdout, new PrintStream(err, true, StandardCharsets.UTF_8),
        interactive));
    return new Result(code, stdout instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : "",
        err.toString(StandardCharsets.UTF_8));
  }

  static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Standard output that takes {@code bytes} bytes, then fails as {@code reason} (a full disk, a closed pipe). */
  static OutputStream failingAfter(long bytes, String reason) {
    return new OutputStream() {
      private long written;

      @Override public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override public void write(byte[] b, int off, int len) throws IOException {
        if (written + len > bytes) {
          throw new IOException(reason);
        }
        written += len;
      }
    };
  }

  /** Arguments reaching {@code emulator} with the test key. */
  static String[] with(SuperstarEmulator emulator, String... args) {
    final List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", "jdbc:statxplore:url=" + emulator.baseUrl(), "-k", KEY));
    return all.toArray(String[]::new);
  }

  /** The bodies of the {@code POST /table} requests the emulator received, in order. */
  static List<JsonNode> tableBodies(SuperstarEmulator emulator) {
    final List<JsonNode> bodies = new ArrayList<>();
    for (SuperstarEmulator.Recorded r : emulator.requests()) {
      if (r.method().equals("POST") && r.path().equals("/table")) {
        try {
          bodies.add(JSON.readTree(r.body()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return bodies;
  }

  /** Method and path of every request the emulator received. */
  static List<String> requests(SuperstarEmulator emulator) {
    return emulator.requests().stream().map(r -> r.method() + " " + r.path()).toList();
  }
}
