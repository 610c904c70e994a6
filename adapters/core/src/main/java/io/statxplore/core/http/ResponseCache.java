package io.statxplore.core.http;

import java.nio.file.Path;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Where metadata answers ({@code GET} requests) are kept between connections and JVM runs, and
 * how long one is used without asking the server again. After that it is revalidated with
 * {@code If-None-Match} when the server sent an {@code ETag}: a {@code 304} costs no budget.
 *
 * @param directory the cache directory; each base URL, key and language gets its own below it
 * @param ttl how long an answer is used as it is
 */
public record ResponseCache(Path directory, Duration ttl) {
  public ResponseCache {
    requireNonNull(directory, "directory");
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("cache ttl must not be negative: " + ttl);
    }
  }
}
