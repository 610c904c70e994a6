package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.util.ImmutableBitSet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a request the API cannot take whole into parts it can: one whose answer has more cells
 * than the API allows into parts along one dimension, each within the limit; one with Totals,
 * for an API that gives them by separate requests, into a part per combination of rolled-up
 * dimensions. A Total is never a sum of parts: it comes from a part of its own in which that
 * dimension is one group of all its items, which is the API's own total over them.
 */
final class RequestSplitter {
  /** One request of a split query, and the dimensions whose one group stands for their Total. */
  record Part(CubeQuery query, Set<Integer> totals) { }

  private RequestSplitter() {
  }

  /**
   * Cells of the answer: items (Totals included) of every dimension times measures; -1 when a
   * dimension's item count is not known without fetching its items.
   */
  static long cells(CubeQuery query, boolean fetch) {
    long cells = query.measures().size();
    for (DimensionRequest d : query.dimensions()) {
      final long items = fetch && d.groups() == null ? d.dimension().items().size() + (d.total() ? 1 : 0)
          : d.expectedItems();
      if (items < 0) {
        return -1;
      }
      cells = saturatedMultiply(cells, items);
    }
    return cells;
  }

  /**
   * {@code query}, whose dimensions ask for Totals, as parts without them: for each set of
   * dimensions that some grouping set rolls up, a part in which those are one group of all their
   * items. Cells no grouping set reads (a Total of a dimension no set rolls up alone) are not
   * asked for.
   */
  static List<Part> separateTotals(CubeQuery query) {
    final Set<Set<Integer>> rolledUp = new LinkedHashSet<>();
    final ImmutableBitSet grouped = ImmutableBitSet.of(query.groupKeys().stream().map(query::dimensionOf).toList());
    for (ImmutableBitSet set : query.groupingSets()) {
      final ImmutableBitSet kept = ImmutableBitSet.of(set.asList().stream()
          .map(k -> query.dimensionOf(query.groupKeys().get(k))).toList());
      rolledUp.add(Set.copyOf(grouped.except(kept).asList()));
    }
    final List<Part> parts = new ArrayList<>();
    for (Set<Integer> totals : rolledUp) {
      final List<DimensionRequest> dims = new ArrayList<>();
      for (int i = 0; i < query.dimensions().size(); i++) {
        final DimensionRequest d = query.dimensions().get(i);
        dims.add(totals.contains(i) ? all(d) : new DimensionRequest(d.dimension(), d.groups(), false));
      }
      parts.add(new Part(query.withDimensions(dims), totals));
    }
    return parts;
  }

  /** {@code query} as parts of at most {@code maxCells} cells each. */
  static List<Part> split(CubeQuery query, long maxCells, CubeCapabilities capabilities) {
    final List<Part> parts = new ArrayList<>();
    split(new Part(query, Set.of()), maxCells, capabilities, parts);
    return parts;
  }

  private static void split(Part part, long maxCells, CubeCapabilities capabilities, List<Part> out) {
    final CubeQuery query = part.query();
    final long cells = cells(query, true);
    if (cells <= maxCells) {
      out.add(part);
      return;
    }
    final int widest = widest(query, part.totals(), capabilities);
    final List<List<Item>> groups = widest < 0 ? List.of() : groups(query, widest);
    if (groups.size() < 2) {
      throw new ApiException(ApiErrorKind.LIMIT_EXCEEDED, "The answer would have " + cells + " cells, more than "
          + maxCells + " per request, and no dimension can be split further; filter the query or group by fewer fields");
    }
    final DimensionRequest d = query.dimensions().get(widest);
    final long perGroup = perGroup(query, widest, cells);
    final int step = (int) Math.max(1, Math.min(groups.size(), maxCells / perGroup));
    for (int from = 0; from < groups.size(); from += step) {
      final List<List<Item>> chunk = groups.subList(from, Math.min(groups.size(), from + step));
      split(new Part(with(query, widest, new DimensionRequest(d.dimension(), chunk, false)), part.totals()),
          maxCells, capabilities, out);
    }
    if (d.total()) {
      final Set<Integer> totals = new HashSet<>(part.totals());
      totals.add(widest);
      split(new Part(with(query, widest, all(d)), Set.copyOf(totals)), maxCells, capabilities, out);
    }
  }

  /**
   * The most cells per request that split {@code query} in two halves along the dimension
   * {@link #split} would split, or 0 if it has no dimension to split.
   */
  static long half(CubeQuery query, CubeCapabilities capabilities) {
    final int widest = widest(query, Set.of(), capabilities);
    final int groups = widest < 0 ? 0 : groups(query, widest).size();
    return groups < 2 ? 0 : perGroup(query, widest, cells(query, true)) * ((groups + 1) / 2);
  }

  /**
   * The dimension with the most groups, which balances the parts best and needs the fewest; -1 if
   * none can be split: an API that takes no item sets takes no part of a dimension, and one that
   * takes no grouped items cannot give a split dimension's Total.
   */
  private static int widest(CubeQuery query, Set<Integer> totals, CubeCapabilities capabilities) {
    if (!capabilities.takes(CubeCapabilities.FilterShape.ITEM_SET)) {
      return -1;
    }
    int widest = -1;
    for (int i = 0; i < query.dimensions().size(); i++) {
      final boolean splittable = !totals.contains(i)
          && (!query.dimensions().get(i).total() || capabilities.takes(CubeCapabilities.FilterShape.GROUPED_ITEMS));
      if (splittable && (widest < 0 || groups(query, i).size() > groups(query, widest).size())) {
        widest = i;
      }
    }
    return widest;
  }

  /** Cells per group of dimension {@code d}, its Total counted as a group. */
  private static long perGroup(CubeQuery query, int d, long cells) {
    return Math.max(1, cells / (groups(query, d).size() + (query.dimensions().get(d).total() ? 1 : 0)));
  }

  private static List<List<Item>> groups(CubeQuery query, int dimension) {
    return query.dimensions().get(dimension).groupsOrAll();
  }

  /** One group of all the items {@code d} asks for, without a Total: the API's total over them. */
  private static DimensionRequest all(DimensionRequest d) {
    return new DimensionRequest(d.dimension(), List.of(d.groupsOrAll().stream().flatMap(List::stream).toList()), false);
  }

  private static CubeQuery with(CubeQuery query, int index, DimensionRequest replacement) {
    final List<DimensionRequest> dims = new ArrayList<>(query.dimensions());
    dims.set(index, replacement);
    return query.withDimensions(dims);
  }

  private static long saturatedMultiply(long a, long b) {
    final long r = a * b;
    return a != 0 && (r / a != b || r < 0) ? Long.MAX_VALUE : r;
  }
}
