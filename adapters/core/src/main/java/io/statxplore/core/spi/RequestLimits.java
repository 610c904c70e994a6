package io.statxplore.core.spi;

/**
 * How large one request may be, and how a larger query is split.
 *
 * @param maxCellsPerRequest cells above which a request is split into parts
 * @param parallelism parts in flight at once
 * @param maxCells cells above which a query is refused rather than split
 */
public record RequestLimits(long maxCellsPerRequest, int parallelism, long maxCells) {
  /** Stat-Xplore's cell limit, four parts at once, and at most fifty full requests per query. */
  public static final RequestLimits DEFAULT = new RequestLimits(1_000_000, 4, 50_000_000);

  public RequestLimits {
    if (maxCellsPerRequest < 1 || parallelism < 1 || maxCells < maxCellsPerRequest) {
      throw new IllegalArgumentException("need maxCellsPerRequest >= 1, parallelism >= 1 and maxCells >= "
          + "maxCellsPerRequest, not " + maxCellsPerRequest + ", " + parallelism + ", " + maxCells);
    }
  }
}
