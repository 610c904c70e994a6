package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;
import java.util.List;

/**
 * How many items an answer may list per dimension: what its request can produce. A reader counts
 * each field's items as they arrive and stops at the bound, so that an answer holds no more than
 * the request asked for, however many items a server sends.
 *
 * <p>A dimension's bound is the number of items asked for. Where that is not known without
 * fetching the dimension's items (a request for all of them, made before they were needed), it is
 * as many as fit in one request's cells beside the other dimensions; past that, the dimension's
 * item count is fetched and becomes the bound.
 */
public final class ItemBudget {
  private final @Nullable CubeQuery query;
  private final int measures;
  private final long maxCellsPerRequest;
  private final long maxCells;
  /** Per dimension of the query: the items it asks for, once known; -1 until then. */
  private final long[] known;

  private ItemBudget(@Nullable CubeQuery query, int measures, long maxCellsPerRequest, long maxCells) {
    this.query = query;
    this.measures = Math.max(1, measures);
    this.maxCellsPerRequest = maxCellsPerRequest;
    this.maxCells = maxCells;
    this.known = query == null ? new long[0]
        : query.dimensions().stream().mapToLong(DimensionRequest::expectedItems).toArray();
  }

  /** The budget of an answer to {@code query}, sent as one request of at most {@code maxCellsPerRequest} cells. */
  public static ItemBudget of(CubeQuery query, long maxCellsPerRequest) {
    return new ItemBudget(query, query.measures().size(), maxCellsPerRequest, maxCellsPerRequest);
  }

  /**
   * The budget of an answer to a request the engine did not build (a query sent as the user wrote
   * it): fields of at most {@code maxCellsPerRequest} cells' items each, at most {@code maxCells}
   * cells in all.
   */
  public static ItemBudget of(int measures, long maxCellsPerRequest, long maxCells) {
    return new ItemBudget(null, measures, maxCellsPerRequest, maxCells);
  }

  /** The most items dimension {@code d} may have without fetching anything. */
  public long items(int d) {
    if (query != null && known[d] >= 0) {
      return known[d];
    }
    long others = 1;
    for (int e = 0; e < known.length; e++) {
      if (e != d && known[e] > 1) {
        others = others > Long.MAX_VALUE / known[e] ? Long.MAX_VALUE : others * known[e];
      }
    }
    return Math.max(1, maxCellsPerRequest / measures / others);
  }

  /**
   * Whether dimension {@code d} may have {@code count} items. Past {@link #items(int)}, the item
   * count of a dimension whose items the connection has not fetched is fetched now.
   */
  public boolean allows(int d, long count) {
    return count <= items(d) || query != null && count <= exact(d);
  }

  /**
   * Why an answer whose dimensions have {@code shape} items cannot be the request's, or null if it
   * can. Up to one request's cells (or, for a request the engine did not build, the connection's
   * cells per query) it can; past that only if no dimension has more items than asked for.
   *
   * @param names the answer's name of each dimension, for the message
   */
  public @Nullable String misfit(int[] shape, List<String> names) {
    long cells = measures;
    for (int items : shape) {
      cells = items != 0 && cells > Long.MAX_VALUE / items ? Long.MAX_VALUE : cells * items;
    }
    if (cells <= maxCells) {
      return null;
    }
    if (query == null) {
      return "the fields have " + Arrays.toString(shape) + " items, more than the " + maxCells
          + " cells a query may have (maxCells)";
    }
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] > exact(d)) {
        return "field " + names.get(d) + " has " + shape[d] + " items where the request asked for " + known[d];
      }
    }
    return null;
  }

  /** The most members (codes, labels) one item of dimension {@code d} may have: its largest group. */
  public long members(int d) {
    if (query != null) {
      final DimensionRequest r = query.dimensions().get(d);
      if (r.groups() != null) {
        return Math.max(1, r.groups().stream().mapToLong(List::size).max().orElse(1));
      }
      if (known[d] >= 0) {
        return 1;
      }
    }
    return items(d);
  }

  /**
   * The failure of an answer that lists more items for dimension {@code d} than {@link #items(int)}.
   *
   * @param service the API's name
   * @param field the answer's name of the dimension, for a request the engine did not build
   */
  public ApiException tooMany(int d, String service, String field) {
    if (query == null) {
      return new ApiException(ApiErrorKind.BAD_RESPONSE, service + " answered more items for field " + field
          + " than fit in one request of " + maxCellsPerRequest + " cells (maxCellsPerRequest)");
    }
    // allows() has fetched the item count of a dimension whose items were not known.
    final DimensionRequest r = query.dimensions().get(d);
    return new ApiException(ApiErrorKind.BAD_RESPONSE, service + " answered more items for field "
        + r.dimension().label() + " of table " + query.table().name() + " than the request asked for: "
        + r.describe());
  }

  private long exact(int d) {
    if (known[d] < 0) {
      // Not fetched before, so the request asked for every item and no Total.
      known[d] = query.dimensions().get(d).dimension().items().size();
    }
    return known[d];
  }
}
