package io.statxplore.core.record;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The rows of one answer, read as they arrive: one raw value per {@link RecordQuery#outputs()}
 * ({@link String}, {@link Number}, {@link Boolean} or null), converted by the engine.
 *
 * <p>Methods throw {@link io.statxplore.core.http.ApiException} when the answer is broken.
 */
public interface RecordCursor extends AutoCloseable {
  /** The next row, or null at the end of a complete answer. */
  Object @Nullable [] next();

  /** Releases the response; idempotent. */
  @Override void close();
}
