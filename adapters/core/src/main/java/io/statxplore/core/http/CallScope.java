package io.statxplore.core.http;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What bounds the requests made for one statement: its deadline ({@code setQueryTimeout}) and
 * its cancel flag ({@code Statement.cancel()}, also set when the statement or its connection is
 * closed). Waits for a rate-limit reset, retries and each HTTP call end by the deadline and stop
 * at once when the flag is set through {@link #cancel(AtomicBoolean)}.
 *
 * <p>A statement {@linkplain #enter enters} its scope on the thread that runs it, so that the
 * metadata Calcite asks for while planning (a table's columns, a field's items) is fetched under
 * the same deadline and flag as the statement's own requests.
 *
 * @param deadline when the statement times out, or null for no statement timeout
 * @param cancelled set when the statement is cancelled, or null if it cannot be
 * @param retryGatewayTimeouts whether an HTTP 504 is retried like other transient failures; not
 *     for a request that can be split instead, since a server that gave up on an answer's size
 *     gives up again
 * @param parent the scope this one is part of, whose cancellation cancels this one too, or null
 */
public record CallScope(@Nullable Instant deadline, @Nullable AtomicBoolean cancelled, boolean retryGatewayTimeouts,
    @Nullable CallScope parent) {
  /** Requests made outside any statement: only the client's timeout. */
  public static final CallScope NONE = new CallScope(null, null);

  private static final ThreadLocal<CallScope> CURRENT = new ThreadLocal<>();

  /** Ends a statement's scope on its thread. */
  public interface Entered extends AutoCloseable {
    @Override void close();
  }

  public CallScope(@Nullable Instant deadline, @Nullable AtomicBoolean cancelled) {
    this(deadline, cancelled, true, null);
  }

  /**
   * The scope of a statement's request: the statement's own where it runs on this thread with
   * the same flag (its deadline counts from the statement's start, planning included), else a
   * scope with a timeout of {@code timeoutMillis} from now (zero or negative: none).
   */
  public static CallScope of(long timeoutMillis, @Nullable AtomicBoolean cancelled) {
    final CallScope current = CURRENT.get();
    if (current != null && cancelled != null && current.cancelled == cancelled) {
      return current;
    }
    return new CallScope(timeoutMillis > 0 ? Instant.now().plusMillis(timeoutMillis) : null, cancelled);
  }

  /** The scope of the statement running on this thread, or {@link #NONE}. */
  public static CallScope current() {
    final CallScope current = CURRENT.get();
    return current == null ? NONE : current;
  }

  /**
   * Makes a statement's scope current on this thread until the result is closed: a timeout of
   * {@code timeoutMillis} from now (zero or negative: none) and the statement's cancel flag, which
   * is cleared first, since a cancel ends only the execution it interrupted.
   */
  public static Entered enter(long timeoutMillis, AtomicBoolean cancelled) {
    cancelled.set(false);
    final CallScope outer = CURRENT.get();
    CURRENT.set(new CallScope(timeoutMillis > 0 ? Instant.now().plusMillis(timeoutMillis) : null, cancelled));
    return () -> {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    };
  }

  /** Sets {@code cancelled} and aborts at once the HTTP calls in flight under it; never blocks. */
  public static void cancel(AtomicBoolean cancelled) {
    cancelled.set(true);
    CancelWatch.cancelNow(cancelled);
  }

  /** This scope for a request that is split rather than retried when the server times out (504). */
  public CallScope splitOnGatewayTimeout() {
    return new CallScope(deadline, cancelled, false, parent);
  }

  /**
   * A scope within this one, with a flag of its own: cancelling it aborts only its calls (the
   * parts of a split query fetched ahead, when the rows are closed early), cancelling this one
   * aborts them too.
   */
  public CallScope child() {
    return new CallScope(deadline, new AtomicBoolean(), retryGatewayTimeouts, this);
  }

  public boolean isCancelled() {
    return cancelled != null && cancelled.get() || parent != null && parent.isCancelled();
  }

  /** Whether cancelling {@code flag} cancels this scope: it is this scope's flag or a parent's. */
  boolean cancelledBy(AtomicBoolean flag) {
    return cancelled == flag || parent != null && parent.cancelledBy(flag);
  }

  /** Time left before the deadline, at most {@code cap}; never negative. */
  Duration remaining(Duration cap) {
    if (deadline == null) {
      return cap;
    }
    final Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left.compareTo(cap) < 0 ? left : cap;
  }
}
