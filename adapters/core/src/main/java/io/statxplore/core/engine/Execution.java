package io.statxplore.core.engine;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The answers of one execution of a statement: each request is sent at most once, however often
 * and in whatever order the plan reads its rows (the inner side of a nested-loop join, both sides
 * of a self-join, repeated grouping sets). A read that stops early (a {@code LIMIT}) leaves the
 * answer open with the rows read so far; the next read replays those and continues from where
 * the first stopped. The driver makes one per execution, puts it in Calcite's {@link DataContext}
 * under {@link #KEY}, and closes it with the statement's rows, closing every answer still open.
 *
 * <p>Rows are kept for replay up to {@link #REPLAY_LIMIT} per answer. A read of a larger answer
 * that the kept rows cannot serve sends the request once more (a self-join of a large table reads
 * its answer twice); a plan that would read it a third time fails ({@code 54000}) saying how to
 * rewrite the query, rather than sending the request again for each read (the inner side of a
 * nested-loop join). The plan's operators run on one thread, so an answer's readers need no locks.
 */
public final class Execution implements AutoCloseable {
  /** The name of the {@link DataContext} value that holds the statement's execution. */
  public static final String KEY = "statxplore.execution";
  /** Rows kept per answer for a second read. */
  static final int REPLAY_LIMIT = 100_000;

  /** The rows of one request, read as they arrive. */
  public interface Rows extends AutoCloseable {
    /** The next row, or null at the end of a complete answer. */
    Object @Nullable [] next();

    /** Releases the response; idempotent. */
    @Override void close();
  }

  private final Map<Object, Answer> answers = new ConcurrentHashMap<>();

  /**
   * The rows of a request within the execution {@code root} runs, sent when first read.
   *
   * @param request identifies the request: equal requests share one answer
   * @param what names the answer in messages (e.g. its table)
   * @param send sends the request and streams its rows
   */
  public static Enumerable<Object[]> rows(DataContext root, Object request, String what, Supplier<Rows> send) {
    final Object execution = root.get(KEY);
    if (execution instanceof Execution e) {
      final Answer answer = e.answers.computeIfAbsent(request, r -> new Answer(what, send, true));
      return new AbstractEnumerable<>() {
        @Override public Enumerator<Object[]> enumerator() {
          return answer.new Reader();
        }
      };
    }
    // Outside the driver's statements nothing would close an answer left open, so none is kept.
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object[]> enumerator() {
        return new Answer(what, send, false).new Reader();
      }
    };
  }

  /**
   * {@code rows}, whose enumerator also closes this execution: at its end, when it fails (a
   * statement that fails may never see its rows closed) and when it is closed.
   */
  public <T> Enumerable<T> closing(Enumerable<T> rows) {
    return new AbstractEnumerable<>() {
      @Override public Enumerator<T> enumerator() {
        final Enumerator<T> enumerator = rows.enumerator();
        return new Enumerator<>() {
          @Override public T current() {
            return enumerator.current();
          }

          @Override public boolean moveNext() {
            try {
              if (enumerator.moveNext()) {
                return true;
              }
            } catch (RuntimeException | Error e) {
              Execution.this.close();
              throw e;
            }
            Execution.this.close();
            return false;
          }

          @Override public void reset() {
            enumerator.reset();
          }

          @Override public void close() {
            try {
              enumerator.close();
            } finally {
              Execution.this.close();
            }
          }
        };
      }
    };
  }

  /** Closes the answers still open; idempotent. */
  @Override public void close() {
    answers.values().forEach(Answer::closeSource);
    answers.clear();
  }

  /** One request's answer: its response while rows remain, and the rows read so far. */
  private static final class Answer {
    private final String what;
    private final Supplier<Rows> send;
    private @Nullable Rows source;
    /** The rows read so far, or null once there are more than {@link #REPLAY_LIMIT} (or none are kept). */
    private @Nullable List<Object[]> kept;
    /** Rows read from the response so far. */
    private long read;
    private boolean complete;
    private @Nullable RuntimeException failure;
    private int readers;
    /** Whether the request was sent a second time, for a read the kept rows could not serve. */
    private boolean resent;

    Answer(String what, Supplier<Rows> send, boolean replay) {
      this.what = what;
      this.send = send;
      this.kept = replay ? new ArrayList<>() : null;
    }

    void closeSource() {
      if (source != null) {
        source.close();
        source = null;
      }
    }

    /** One read of the answer, from its first row. */
    final class Reader implements Enumerator<Object[]> {
      private long position;
      private Object[] current;
      private boolean closed;
      /** This read's own response, once the request was sent again for it. */
      private @Nullable Rows own;

      Reader() {
        readers++;
      }

      @Override public Object[] current() {
        return current;
      }

      @Override public boolean moveNext() {
        final List<Object[]> rows = kept;
        if (rows != null && position < rows.size()) {
          current = rows.get((int) position++);
          return true;
        }
        if (failure != null) {
          throw failure;
        }
        if (own != null || position != read) {
          return moveOnOwn();
        }
        if (complete) {
          return false;
        }
        final Object[] row;
        try {
          if (source == null) {
            source = send.get();
          }
          row = source.next();
        } catch (RuntimeException e) {
          failure = e;
          closeSource();
          throw e;
        }
        if (row == null) {
          complete = true;
          closeSource();
          return false;
        }
        read++;
        position++;
        if (rows != null) {
          if (rows.size() < REPLAY_LIMIT) {
            rows.add(row);
          } else {
            kept = null;
          }
        }
        current = row;
        return true;
      }

      /** Reads on from a response of this read's own: the request sent a second time, and only once. */
      private boolean moveOnOwn() {
        if (own == null) {
          if (resent) {
            throw readAgain();
          }
          resent = true;
          own = send.get();
          for (long skipped = 0; skipped < position; skipped++) {
            if (own.next() == null) {
              throw new ApiException(ApiErrorKind.BAD_RESPONSE, "The answer for " + what + " sent again had"
                  + " fewer rows than the first time (" + skipped + " of at least " + position + ")");
            }
          }
        }
        final Object[] row = own.next();
        if (row == null) {
          closeOwn();
          return false;
        }
        position++;
        current = row;
        return true;
      }

      private void closeOwn() {
        if (own != null) {
          own.close();
          own = null;
        }
      }

      private ApiException readAgain() {
        return new ApiException(ApiErrorKind.LIMIT_EXCEEDED, "The query reads the answer for " + what
            + " more than twice (the inner side of a nested-loop join does), and that answer has more than "
            + REPLAY_LIMIT + " rows, more than a statement keeps to read again; the driver sends no request"
            + " more than twice. Filter or group " + what + " so that its answer is smaller, or give a"
            + " nested-loop join an equality condition (each side is then read once).");
      }

      @Override public void reset() {
        throw new UnsupportedOperationException("an API answer is read from its start by a new enumerator");
      }

      /** Leaves the response open for a later read, unless its rows can no longer be replayed. */
      @Override public void close() {
        if (!closed) {
          closed = true;
          closeOwn();
          if (--readers == 0 && kept == null) {
            closeSource();
          }
        }
      }
    }
  }
}
