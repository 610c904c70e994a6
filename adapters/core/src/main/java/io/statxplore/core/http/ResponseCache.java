package io.statxplore.core.http;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.nio.file.Path;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How metadata answers ({@code GET} requests) are kept beyond the connection that read them, and
 * how long one is used without asking the server again: in memory, shared by the JVM's
 * connections to the same URL with the same key and language ({@link SharedAnswers}), and, with a
 * directory, on disk between JVM runs. After the TTL a disk answer is revalidated with
 * {@code If-None-Match} when the server sent an {@code ETag}: a {@code 304} costs no budget.
 *
 * @param directory the cache directory, each base URL, key and language with its own below it; or
 *     null to keep answers in memory only
 * @param ttl how long an answer is used as it is
 */
public record ResponseCache(@Nullable Path directory, Duration ttl) {
  public ResponseCache {
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("cache ttl must not be negative: " + ttl);
    }
  }
}
