package io.statxplore.jdbc.cli;

import io.statxplore.core.spi.CommandOutput;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a command writes: standard output or a file. Unlike a {@code PrintStream} it never
 * swallows a write error: a full disk or a closed pipe ends the command with a message naming
 * what could not be written. A file is written beside its target under a temporary name and
 * renamed over it by {@link #commit()}, once everything was written; until then, and if the
 * command fails, the old file stays as it was, and {@link #close()} removes the temporary one.
 * A target that is not a regular file (a device such as {@code /dev/null}, a named pipe) cannot
 * be replaced and is written directly.
 */
final class Output implements CommandOutput {
  private static final int BUFFER = 1 << 16;

  private final Writer writer;
  private final @Nullable Path target;
  private final @Nullable Path temp;
  private boolean committed;

  private Output(OutputStream out, @Nullable Path target, @Nullable Path temp) {
    this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
    this.target = target;
    this.temp = temp;
  }

  /** Standard output; closing flushes it and leaves it open. */
  static Output standard(OutputStream stdout) {
    return new Output(new Checked(stdout, "to standard output", false), null, null);
  }

  /** {@code file}, or standard output when it is null or {@code -}. */
  static Output of(@Nullable Path file, OutputStream stdout) throws IOException {
    if (file == null || file.toString().equals("-")) {
      return standard(stdout);
    }
    // A link is followed, so that the file it names is replaced and the link stays.
    final Path real = Files.exists(file) ? file.toRealPath() : file;
    final String name = file.toString();
    try {
      if (Files.exists(real) && !Files.isWritable(real)) {
        // Renaming over it would replace a file its owner made read-only.
        throw new AccessDeniedException(name);
      }
      if (Files.exists(real) && !Files.isRegularFile(real)) {
        return new Output(new Checked(Files.newOutputStream(real), name, true), real, null);
      }
      final Path dir = real.toAbsolutePath().getParent();
      final boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      // rw for all less the umask, as a file created in place would get; the default for temporary files is 600.
      final FileAttribute<?>[] mode = posix
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-"))}
          : new FileAttribute<?>[0];
      final Path temp = Files.createTempFile(dir, "." + real.getFileName() + ".", ".tmp", mode);
      // A run stopped by a signal runs no finally block, but does run the JVM's exit hooks.
      temp.toFile().deleteOnExit();
      try {
        if (posix && Files.exists(real)) {
          Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(real));
        }
        return new Output(new Checked(Files.newOutputStream(temp), name, true), real, temp);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp);
        throw e;
      }
    } catch (IOException e) {
      throw Checked.failure(name, e);
    }
  }

  @Override public Writer writer() {
    return writer;
  }

  @Override public void println(String line) throws IOException {
    writer.write(line);
    writer.write(System.lineSeparator());
  }

  /** Everything was written: flushes standard output, or puts a file in place of its target. */
  @Override public void commit() throws IOException {
    if (target == null) {
      writer.flush();
      return;
    }
    writer.close();
    if (temp != null) {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw Checked.failure(target.toString(), e);
      }
    }
    committed = true;
  }

  /** Flushes standard output; without {@link #commit()}, removes a file's temporary copy. */
  @Override public void close() throws IOException {
    if (target == null) {
      writer.flush();
    } else if (!committed) {
      try {
        writer.close();
      } catch (IOException e) {
        // The failure that stopped the command is the one to report; the copy goes either way.
      } finally {
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
      }
    }
  }

  /** Passes writes on; a failure says what could not be written, and is remembered. */
  static final class Checked extends FilterOutputStream {
    private final String name;
    private final boolean closes;
    private @Nullable IOException failure;

    /**
     * @param name what is written, for messages: a file name or "to standard output"
     * @param closes whether closing closes {@code out}, or only flushes it
     */
    Checked(OutputStream out, String name, boolean closes) {
      super(out);
      this.name = name;
      this.closes = closes;
    }

    static IOException failure(String name, IOException e) {
      return new IOException("cannot write " + name + ": " + Main.oneLine(e), e);
    }

    /** The first write that failed, or null. */
    @Nullable IOException failure() {
      return failure;
    }

    @Override public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override public void close() throws IOException {
      if (closes) {
        try {
          out.close();
        } catch (IOException e) {
          throw failed(e);
        }
      } else {
        flush();
      }
    }

    private IOException failed(IOException e) {
      final IOException named = failure(name, e);
      if (failure == null) {
        failure = named;
      }
      return named;
    }
  }
}
