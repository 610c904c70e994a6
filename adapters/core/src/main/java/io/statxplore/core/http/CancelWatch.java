package io.statxplore.core.http;

import okhttp3.Call;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cancels the HTTP calls of cancelled statements, whose threads may be blocked in them (waiting
 * for the server, or reading a slow body). {@link CallScope#cancel} cancels a flag's calls at
 * once; for a flag set directly (as Avatica's result set does), one daemon thread polls the flags
 * of calls in flight and cancels their calls.
 *
 * <p>The watch is the JVM's, not a connection's: it holds only the calls in flight (each removed
 * when its response closes), so one thread serves every connection, and none outlives a call.
 */
final class CancelWatch {
  private static final long POLL_MILLIS = 100;
  private static final Map<Call, CallScope> IN_FLIGHT = new ConcurrentHashMap<>();
  private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
    final Thread t = new Thread(r, "statxplore-cancel-watch");
    t.setDaemon(true);
    return t;
  });

  static {
    POLLER.scheduleWithFixedDelay(() -> IN_FLIGHT.forEach((call, scope) -> {
      if (scope.isCancelled()) {
        call.cancel();
      }
    }), POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Ends the watch of one call; idempotent. */
  interface Registration extends AutoCloseable {
    @Override void close();
  }

  private CancelWatch() {
  }

  /** Cancels the calls in flight whose scope has the flag {@code cancelled}. */
  static void cancelNow(AtomicBoolean cancelled) {
    IN_FLIGHT.forEach((call, scope) -> {
      if (scope.cancelledBy(cancelled)) {
        call.cancel();
      }
    });
  }

  /** Watches {@code call} until the registration is closed; a scope without a flag needs no watch. */
  static Registration watch(Call call, CallScope scope) {
    if (scope.cancelled() == null) {
      return () -> { };
    }
    IN_FLIGHT.put(call, scope);
    return () -> IN_FLIGHT.remove(call);
  }
}
