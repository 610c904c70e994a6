package io.statxplore.superstar.emulator;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * Switches that make a {@link SuperstarEmulator} behave like a real server on a bad day, for the
 * tests of retries, rate limits, timeouts and broken answers. One-shot faults apply to the next
 * requests under the chosen path, in the order they were set; a delay and a random failure rate
 * apply until cleared.
 */
public final class Faults {
  /** One misbehaviour, applied to one request. */
  sealed interface Fault permits Status, Html, Throttle, Truncate { }

  /** Answers with this HTTP status and an HTML error page, as a proxy or a maintenance page does. */
  record Status(int status) implements Fault { }

  /** Answers HTTP 200 with an HTML "Request Rejected" page instead of JSON, as a firewall does. */
  record Html() implements Fault { }

  /** Answers 429 with a spent budget that resets after {@code resetIn}. */
  record Throttle(Duration resetIn) implements Fault { }

  /** Sends the true answer's headers but only its first {@code bytes} bytes, then closes. */
  record Truncate(int bytes) implements Fault { }

  private final Deque<Fault> next = new ArrayDeque<>();
  private String path = "/table";
  private Duration delay = Duration.ZERO;
  private double failureRate;
  private int failureStatus;
  private Random random = new Random(0);

  Faults() {
  }

  /** Applies the faults to requests whose path (below the base URL) starts with {@code prefix}. */
  public synchronized Faults onPath(String prefix) {
    this.path = prefix;
    return this;
  }

  /** The next {@code count} requests fail with {@code status}. */
  public synchronized Faults failNext(int count, int status) {
    for (int i = 0; i < count; i++) {
      next.add(new Status(status));
    }
    return this;
  }

  public synchronized Faults htmlNext() {
    next.add(new Html());
    return this;
  }

  public synchronized Faults throttleNext(Duration resetIn) {
    next.add(new Throttle(resetIn));
    return this;
  }

  public synchronized Faults truncateNextAt(int bytes) {
    next.add(new Truncate(bytes));
    return this;
  }

  /** Every answer waits this long before its headers are sent. */
  public synchronized Faults delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** Each request fails with {@code status} with probability {@code rate} (seeded, so repeatable). */
  public synchronized Faults failRandomly(double rate, int status, long seed) {
    this.failureRate = rate;
    this.failureStatus = status;
    this.random = new Random(seed);
    return this;
  }

  /** Back to a healthy server. */
  public synchronized Faults clear() {
    next.clear();
    path = "/table";
    delay = Duration.ZERO;
    failureRate = 0;
    return this;
  }

  synchronized Duration delayFor(String requestPath) {
    return requestPath.startsWith(path) ? delay : Duration.ZERO;
  }

  /** The fault for a request to {@code requestPath}, or null to answer it properly. */
  synchronized @Nullable Fault take(String requestPath) {
    if (!requestPath.startsWith(path)) {
      return null;
    }
    if (!next.isEmpty()) {
      return next.poll();
    }
    return failureRate > 0 && random.nextDouble() < failureRate ? new Status(failureStatus) : null;
  }
}
