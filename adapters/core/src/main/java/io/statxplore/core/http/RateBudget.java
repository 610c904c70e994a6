package io.statxplore.core.http;

import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.ByteString;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request budget an API announces in {@code X-RateLimit}, {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset} (reset in ms since the epoch), and in the same headers with a suffix
 * such as {@code -Table} or {@code -Schema} for the requests under that root path. All headers
 * are optional: a bucket exists once the server has sent one of its headers.
 *
 * <p>One budget per base URL and key, shared by every connection in the JVM, because the server
 * counts per key: two connections must not each believe they have the whole budget.
 *
 * <p>A spent bucket holds requests back only until its reset, and only while what the server
 * said is fresh: until the deadline of the statement whose answer said it. After that the next
 * request asks the server again, so a reset far away (or a clock that disagrees) never blocks a
 * URL for longer. A spent bucket without a reset in the future holds nothing back: the server's
 * 429 then says what to do, and the client backs off.
 */
final class RateBudget {
  private static final Map<String, RateBudget> SHARED = new ConcurrentHashMap<>();
  private static final String PREFIX = "x-ratelimit";

  /** One counter: unknown fields are null. */
  private static final class Bucket {
    @Nullable Long limit;
    @Nullable Long remaining;
    @Nullable Instant reset;
    /** When {@link #remaining} and {@link #reset} are too old to hold requests back. */
    Instant lapses = Instant.MIN;
  }

  /** Buckets by suffix: "" for the global one, else e.g. "table". */
  private final Map<String, Bucket> buckets = new HashMap<>();

  private RateBudget() {
  }

  /** The budget of {@code key} at {@code baseUrl}. */
  static RateBudget of(HttpUrl baseUrl, @Nullable Secret key) {
    final String owner = key == null ? "" : ByteString.encodeUtf8(key.reveal()).sha256().hex();
    return SHARED.computeIfAbsent(baseUrl + " " + owner, k -> new RateBudget());
  }

  /**
   * Takes one request from the buckets that count a request to {@code root} (the first path
   * segment after the base URL). Returns null when the request may go now, else the instant,
   * after {@code now}, at which the spent bucket resets (nothing is taken then).
   */
  synchronized @Nullable Instant take(String root, Instant now) {
    final List<Bucket> counting = counting(root);
    Instant wait = null;
    for (Bucket b : counting) {
      if (!now.isBefore(b.lapses)) {
        b.remaining = null;
        b.reset = null;
      } else if (b.reset != null && !now.isBefore(b.reset)) {
        b.remaining = b.limit;
        b.reset = null;
      }
      if (b.remaining != null && b.remaining <= 0 && b.reset != null && (wait == null || b.reset.isAfter(wait))) {
        wait = b.reset;
      }
    }
    if (wait != null) {
      return wait;
    }
    counting.forEach(b -> b.remaining = b.remaining == null ? null : b.remaining - 1);
    return null;
  }

  /** When the spent buckets counting {@code root} are reset, after a 429; null if none is known spent. */
  synchronized @Nullable Instant resetOf(String root) {
    Instant latest = null;
    for (Bucket b : counting(root)) {
      if (b.remaining != null && b.remaining <= 0 && b.reset != null && (latest == null || b.reset.isAfter(latest))) {
        latest = b.reset;
      }
    }
    return latest;
  }

  /**
   * Takes the server's own figures from a response to a request whose statement ends at
   * {@code fresh}: they hold requests back until then at the latest.
   */
  synchronized void update(Headers headers, Instant fresh) {
    for (String name : headers.names()) {
      final String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.startsWith(PREFIX)) {
        continue;
      }
      final Long value = parse(headers.get(name));
      if (value == null) {
        continue;
      }
      // x-ratelimit[-remaining|-reset][-<bucket>]
      String rest = lower.substring(PREFIX.length());
      String field = "limit";
      for (String f : new String[] {"-remaining", "-reset"}) {
        if (rest.startsWith(f)) {
          field = f.substring(1);
          rest = rest.substring(f.length());
        }
      }
      final Bucket b = buckets.computeIfAbsent(rest.startsWith("-") ? rest.substring(1) : rest, k -> new Bucket());
      b.lapses = fresh;
      switch (field) {
      case "remaining" -> b.remaining = value;
      case "reset" -> b.reset = Instant.ofEpochMilli(value);
      default -> b.limit = value;
      }
    }
  }

  private List<Bucket> counting(String root) {
    final Bucket global = buckets.get("");
    final Bucket own = buckets.get(root.toLowerCase(Locale.ROOT));
    return global == null ? (own == null ? List.of() : List.of(own))
        : own == null ? List.of(global) : List.of(global, own);
  }

  private static @Nullable Long parse(@Nullable String value) {
    try {
      return value == null ? null : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
