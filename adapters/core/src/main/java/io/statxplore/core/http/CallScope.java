package io.statxplore.core.http;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What bounds the requests made for one statement: its deadline ({@code setQueryTimeout}) and
 * its cancel flag ({@code Statement.cancel()}). Waits for a rate-limit reset, retries and each
 * HTTP call end by the deadline and stop soon after the flag is set.
 *
 * @param deadline when the statement times out, or null for no statement timeout
 * @param cancelled set when the statement is cancelled, or null if it cannot be
 * @param retryGatewayTimeouts whether an HTTP 504 is retried like other transient failures; not
 *     for a request that can be split instead, since a server that gave up on an answer's size
 *     gives up again
 */
public record CallScope(@Nullable Instant deadline, @Nullable AtomicBoolean cancelled, boolean retryGatewayTimeouts) {
  /** Requests made outside a statement (metadata while planning): only the client's timeout. */
  public static final CallScope NONE = new CallScope(null, null);

  public CallScope(@Nullable Instant deadline, @Nullable AtomicBoolean cancelled) {
    this(deadline, cancelled, true);
  }

  /** A scope with a timeout from now; zero or negative means none. */
  public static CallScope of(long timeoutMillis, @Nullable AtomicBoolean cancelled) {
    return new CallScope(timeoutMillis > 0 ? Instant.now().plusMillis(timeoutMillis) : null, cancelled);
  }

  /** This scope for a request that is split rather than retried when the server times out (504). */
  public CallScope splitOnGatewayTimeout() {
    return new CallScope(deadline, cancelled, false);
  }

  public boolean isCancelled() {
    return cancelled != null && cancelled.get();
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
