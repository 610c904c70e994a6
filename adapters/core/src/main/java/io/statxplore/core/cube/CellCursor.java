package io.statxplore.core.cube;

import java.util.List;

/**
 * The cells of one API answer, read as they arrive. Each cell has one item per requested
 * dimension (in request order) and one value per requested measure.
 *
 * <p>Methods throw {@link io.statxplore.core.http.ApiException} when the answer is broken.
 */
public interface CellCursor extends AutoCloseable {
  /** Moves to the next cell; false at the end of a complete answer. */
  boolean next();

  /** The items of dimension {@code dimension}; valid once {@link #next()} returned true. */
  List<ResultItem> items(int dimension);

  /** Index of the current cell's item in {@link #items(int)}. */
  int item(int dimension);

  /** The current cell's value of measure {@code measure}, or null for an empty cell. */
  Double value(int measure);

  /** Releases the response; idempotent. */
  @Override void close();
}
