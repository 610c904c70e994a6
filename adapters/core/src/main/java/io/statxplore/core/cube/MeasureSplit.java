package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The cells of a query with more measures than the API takes in one request
 * ({@link CubeCapabilities#measuresPerRequest()}): a request per group of measures, each with all
 * of the query's dimensions and items (and sent as any query is: split for size or Totals where it
 * must be, its answer checked), joined on the cells' items. The parts after the first are read
 * whole and kept, at most the query's {@link io.statxplore.core.spi.RequestLimits#maxCells()}
 * cells; then the first streams and each of its cells takes their values. A cell one part has
 * and another lacks is a broken answer.
 */
final class MeasureSplit implements CellCursor {
  private final CellCursor first;
  private final String service;
  private final String table;
  /** Per measure of the query: the part that asks for it, and its index there. */
  private final int[] part;
  private final int[] index;
  /** Per part after the first: its values, by the items of their cell. */
  private final List<Map<List<ResultItem>, Double[]>> rest;
  /** The current cell's values from each part after the first. */
  private final Double[][] current;
  private final int dimensions;

  private MeasureSplit(CellCursor first, List<Map<List<ResultItem>, Double[]>> rest, int[] part, int[] index,
      int dimensions, String service, String table) {
    this.first = first;
    this.rest = rest;
    this.part = part;
    this.index = index;
    this.dimensions = dimensions;
    this.service = service;
    this.table = table;
    this.current = new Double[rest.size()][];
  }

  static CellCursor open(CubeAdapter adapter, CubeQuery query, CallScope scope, Executor executor) {
    if (query.isOrderedOrPaged()) {
      throw new IllegalArgumentException("the parts of an ordered or paged query would not be joined in its order");
    }
    final int per = adapter.capabilities().measuresPerRequest();
    final long cells = RequestSplitter.cells(query, true);
    final long maxCells = adapter.limits().maxCells();
    if (cells > maxCells) {
      throw new ApiException(ApiErrorKind.LIMIT_EXCEEDED, "The answer would have " + cells + " cells, asked for "
          + per + (per == 1 ? " measure" : " measures") + " at a time and joined; the connection allows at most "
          + maxCells + " cells per query (property maxCells). Filter on more fields, group by fewer, ask for fewer"
          + " measures, or raise maxCells.");
    }
    final int measures = query.measures().size();
    final int[] part = new int[measures];
    final int[] index = new int[measures];
    final List<CubeQuery> parts = new ArrayList<>();
    for (int from = 0; from < measures; from += per) {
      final List<MeasureMeta> group = query.measures().subList(from, Math.min(measures, from + per));
      for (int m = from; m < from + group.size(); m++) {
        part[m] = parts.size();
        index[m] = m - from;
      }
      parts.add(part(query, group, from));
    }
    final List<Map<List<ResultItem>, Double[]>> rest = new ArrayList<>();
    for (CubeQuery q : parts.subList(1, parts.size())) {
      rest.add(read(SplitFetch.open(adapter, q, scope, executor), q, adapter.serviceName()));
    }
    return new MeasureSplit(SplitFetch.open(adapter, parts.get(0), scope, executor), rest, part, index,
        query.dimensions().size(), adapter.serviceName(), query.table().name());
  }

  /** {@code query} asking for {@code group}, its measures {@code from} on; columns of other measures are absent. */
  private static CubeQuery part(CubeQuery query, List<MeasureMeta> group, int from) {
    final List<OutputColumn> columns = query.columns().stream().map(c -> c instanceof OutputColumn.Measure m
        ? m.measure() >= from && m.measure() < from + group.size() ? new OutputColumn.Measure(m.measure() - from)
            : new OutputColumn.Absent()
        : c).toList();
    return new CubeQuery(query.table(), query.dimensions(), group, query.groupKeys(), query.groupingSets(), columns,
        null);
  }

  /** A part's values by their cell's items. */
  private static Map<List<ResultItem>, Double[]> read(CellCursor cells, CubeQuery query, String service) {
    final Map<List<ResultItem>, Double[]> values = new HashMap<>();
    try (cells) {
      while (cells.next()) {
        final Double[] v = new Double[query.measures().size()];
        for (int m = 0; m < v.length; m++) {
          v[m] = cells.value(m);
        }
        final List<ResultItem> items = items(cells, query.dimensions().size());
        if (values.put(items, v) != null) {
          throw new ApiException(ApiErrorKind.BAD_RESPONSE, service + " answered the cell " + describe(items)
              + " of table " + query.table().name() + " twice");
        }
      }
    }
    return values;
  }

  private static List<ResultItem> items(CellCursor cells, int dimensions) {
    final List<ResultItem> items = new ArrayList<>(dimensions);
    for (int d = 0; d < dimensions; d++) {
      items.add(cells.items(d).get(cells.item(d)));
    }
    return items;
  }

  private static String describe(List<ResultItem> items) {
    return items.stream().map(i -> i.code().isEmpty() ? i.label() : i.code())
        .collect(Collectors.joining(", ", "(", ")"));
  }

  @Override public boolean next() {
    if (!first.next()) {
      for (Map<List<ResultItem>, Double[]> left : rest) {
        if (!left.isEmpty()) {
          throw broken(left.keySet().iterator().next(), "the first request did not answer");
        }
      }
      return false;
    }
    final List<ResultItem> items = items(first, dimensions);
    for (int p = 0; p < rest.size(); p++) {
      current[p] = rest.get(p).remove(items);
      if (current[p] == null) {
        throw broken(items, "request " + (p + 2) + " did not answer");
      }
    }
    return true;
  }

  private ApiException broken(List<ResultItem> items, String which) {
    return new ApiException(ApiErrorKind.BAD_RESPONSE, service + " answered the cell " + describe(items) + " of table "
        + table + " to one request for its measures, but " + which + " it; the requests asked for the same items");
  }

  @Override public List<ResultItem> items(int dimension) {
    return first.items(dimension);
  }

  @Override public int item(int dimension) {
    return first.item(dimension);
  }

  @Override public @Nullable Double value(int measure) {
    return part[measure] == 0 ? first.value(index[measure]) : current[part[measure] - 1][index[measure]];
  }

  @Override public void close() {
    first.close();
  }
}
