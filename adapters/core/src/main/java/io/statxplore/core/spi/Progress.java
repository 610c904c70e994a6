package io.statxplore.core.spi;

import java.io.PrintStream;

/**
 * Progress of a fetch on stderr, rewritten in place at most five times a second, and only when
 * a person watches (a console is attached): piped or logged stderr stays clean. For the
 * command-line tool's commands, the driver's and the adapters' ({@link CommandHost}).
 */
public final class Progress {
  private static final long INTERVAL_NANOS = 200_000_000L;

  private final PrintStream err;
  private final boolean enabled;
  private long last;
  private int width;

  public Progress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Shows {@code text} unless the last update was too recent. */
  public void show(String text) {
    if (due()) {
      write(text);
    }
  }

  public void rows(long rows) {
    if (due()) {
      write(String.format("%,d rows received", rows));
    }
  }

  /** Requests done of those planned, and cells received of those the answer holds. */
  public void cells(int requestsDone, int requests, long cells, long total) {
    if (due()) {
      write(cellText(requestsDone, requests, cells, total));
    }
  }

  public static String cellText(int requestsDone, int requests, long cells, long total) {
    return String.format("requests %d/%d, %,d/%,d cells", requestsDone, requests, cells, total);
  }

  /** Whether to draw now: the first update at once, then at most every interval; never unwatched. */
  private boolean due() {
    final long now = System.nanoTime();
    if (enabled && (width == 0 || now - last >= INTERVAL_NANOS)) {
      last = now;
      return true;
    }
    return false;
  }

  /** Shows a last line and keeps it. */
  public void finish(String text) {
    if (enabled) {
      write(text);
      err.println();
      width = 0;
    }
  }

  /** Removes the progress line, e.g. before results are printed. */
  public void done() {
    if (enabled && width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
      width = 0;
    }
  }

  private void write(String text) {
    err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
    err.flush();
    width = text.length();
  }
}
