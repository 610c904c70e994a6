package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an adapter's answer against the request that asked for it before its first cell is
 * used: per dimension the items asked for (each group once, matched by code, or by label where the
 * answer gives no code), a Total exactly where one was asked for, and in the end as many cells as
 * the items make (of a paged query, as many as its page holds). A server that ignores a recode or
 * drops a Total would otherwise give plausible rows with the wrong figures. It holds no cells.
 */
final class AnswerCheck {
  private final CubeQuery query;
  private final String service;
  private long count;
  /** Cells the answer's items make, once they are checked. */
  private long expected = -1;

  AnswerCheck(CubeQuery query, String service) {
    this.query = query;
    this.service = service;
  }

  /** {@code cells}, the answer to {@code query}, checked as they are read. */
  static CellCursor checked(CellCursor cells, CubeQuery query, String service) {
    final AnswerCheck check = new AnswerCheck(query, service);
    return new CellCursor() {
      @Override public boolean next() {
        if (!cells.next()) {
          check.end();
          return false;
        }
        check.cell(cells);
        return true;
      }

      @Override public List<ResultItem> items(int dimension) {
        return cells.items(dimension);
      }

      @Override public int item(int dimension) {
        return cells.item(dimension);
      }

      @Override public Double value(int measure) {
        return cells.value(measure);
      }

      @Override public void close() {
        cells.close();
      }
    };
  }

  /** Called for each cell, once {@code next()} returned true. */
  void cell(CellCursor cells) {
    if (count++ == 0) {
      checkItems(cells);
    }
  }

  /** Called when {@code next()} returned false. */
  void end() {
    final long asked = paged(expected >= 0 ? expected : asked());
    if (asked >= 0 && count != asked) {
      throw broken("answered " + count + (count == 1 ? " cell" : " cells") + " for table " + query.table().name()
          + " where " + (expected >= 0 ? "its" : "the request's") + " items make " + asked);
    }
  }

  /** Of {@code cells} the request's items make, those its page holds; -1 if unknown. */
  private long paged(long cells) {
    if (cells < 0) {
      return cells;
    }
    final long left = Math.max(0, cells - query.offset());
    return query.fetch() == null ? left : Math.min(left, query.fetch());
  }

  /** The cells the request asks for, or -1 where a dimension's item count is not known. */
  private long asked() {
    long cells = 1;
    for (DimensionRequest d : query.dimensions()) {
      final long items = d.expectedItems();
      if (items < 0) {
        return -1;
      }
      cells *= items;
    }
    return cells;
  }

  private void checkItems(CellCursor cells) {
    long product = 1;
    for (int d = 0; d < query.dimensions().size(); d++) {
      final List<ResultItem> items = cells.items(d);
      check(query.dimensions().get(d), items);
      product *= items.size();
    }
    expected = product;
  }

  private void check(DimensionRequest request, List<ResultItem> items) {
    final String field = "field " + request.dimension().label() + " of table " + query.table().name();
    final long totals = items.stream().filter(ResultItem::total).count();
    if (request.total() && totals != 1) {
      throw broken(totals == 0 ? "answered no Total item for " + field + ", which the request asked for"
          : "answered " + totals + " Total items for " + field + " where the request asked for one");
    }
    if (!request.total() && totals != 0) {
      throw broken("answered a Total item for " + field + ", which the request did not ask for");
    }
    final List<List<Item>> groups = request.groups() != null ? request.groups()
        : request.dimension().itemCountIfLoaded() >= 0 ? request.groupsOrAll() : null;
    if (groups == null) {
      // Every item was asked for, and the connection does not know them: each may come once.
      final Set<String> seen = new HashSet<>();
      for (ResultItem item : items) {
        if (!item.total() && !seen.add(GroupMatch.key(item.code().isEmpty() ? item.label() : item.code(), ";"))) {
          throw broken("answered item " + describe(item) + " twice for " + field);
        }
      }
      return;
    }
    if (items.size() - totals != groups.size()) {
      final long n = items.size() - totals;
      throw broken("answered " + n + (n == 1 ? " item" : " items") + " for " + field + " where the request asked for "
          + request.describe());
    }
    final GroupMatch match = new GroupMatch(groups);
    final boolean[] seen = new boolean[groups.size()];
    for (ResultItem item : items) {
      if (item.total()) {
        continue;
      }
      final int g = match.indexOf(item);
      if (g < 0 || seen[g]) {
        throw broken("answered item " + describe(item) + " for " + field + ", which the request did not ask for"
            + (g < 0 ? "" : " again") + "; it asked for " + request.describe());
      }
      seen[g] = true;
    }
  }

  private static String describe(ResultItem item) {
    return "'" + item.label() + "'" + (item.code().isEmpty() ? "" : " (" + item.code() + ")");
  }

  private ApiException broken(String what) {
    return new ApiException(ApiErrorKind.BAD_RESPONSE, service + " " + what);
  }
}
