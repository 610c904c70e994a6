package io.statxplore.core.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Where a command writes ({@link CommandHost}). A write that fails (a full disk, a closed pipe)
 * throws, naming what could not be written; a file replaces its target only on {@link #commit()},
 * and closing without it leaves the target as it was.
 */
public interface CommandOutput extends Closeable {
  Writer writer();

  void println(String line) throws IOException;

  /** Everything was written: flushes standard output, or puts a file in place of its target. */
  void commit() throws IOException;
}
