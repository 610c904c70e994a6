package io.statxplore.core.cube;

import io.statxplore.core.engine.PlannerSettings;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.core.spi.TableEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A cube API in memory: table {@code t} with fields region (N, S, E) and sex (F, M), and two
 * counts {@code a} and {@code b} per cell of the finest grain. It answers any {@link CubeQuery}
 * exactly (a group's figure is the sum of its cells), orders and pages where the query says, and
 * records the queries it was sent. Capabilities are set per test.
 */
final class MemoryCube implements CubeAdapter {
  static final List<Item> REGIONS = List.of(new Item("r:n", "North", "N"), new Item("r:s", "South", "S"),
      new Item("r:e", "East", "E"));
  static final List<Item> SEXES = List.of(new Item("s:f", "Female", "F"), new Item("s:m", "Male", "M"));

  private final CubeCapabilities capabilities;
  private final CubeTableMeta meta = CubeTableMeta.of("t", "t",
      List.of(new DimensionMeta("region", "region", "Region", "region", () -> REGIONS),
          new DimensionMeta("sex", "sex", "Sex", "sex", () -> SEXES)),
      List.of(new MeasureMeta("a", "A", MeasureFunction.COUNT, "a"), new MeasureMeta("b", "B", MeasureFunction.COUNT, "b")),
      PlannerSettings.parserFactory());
  final List<CubeQuery> requests = new CopyOnWriteArrayList<>();
  /** Changes each answer's cells before they are read, to make a broken API. */
  UnaryOperator<List<Cell>> tamper = UnaryOperator.identity();

  /** One cell of an answer: an item index per dimension (-1 for a Total) and a value per measure. */
  record Cell(int[] items, Double[] values) { }

  MemoryCube(CubeCapabilities capabilities) {
    this.capabilities = capabilities;
  }

  /** Measure {@code m} of the cell with region {@code r} and sex {@code s}. */
  static double figure(int m, int r, int s) {
    return m == 0 ? 10 * (r + 1) + s : 100 * (s + 1) + r;
  }

  @Override public List<TableEntry> tables() {
    return List.of(new TableEntry("t", "t", "a table in memory"));
  }

  @Override public CubeTableMeta describe(TableEntry table) {
    return meta;
  }

  @Override public CubeCapabilities capabilities() {
    return capabilities;
  }

  @Override public String serviceName() {
    return "The memory API";
  }

  @Override public RequestLimits limits() {
    return RequestLimits.DEFAULT;
  }

  @Override public String explain(CubeQuery query) {
    return query.dimensions().size() + " dimensions, " + query.measures().size() + " measures";
  }

  @Override public CellCursor execute(CubeQuery query, CallScope scope) {
    requests.add(query);
    final List<List<List<Item>>> groups = query.dimensions().stream().map(DimensionRequest::groupsOrAll).toList();
    final List<Cell> cells = new ArrayList<>();
    product(query, groups, new int[groups.size()], 0, cells);
    cells.sort(order(query));
    final List<Cell> page = tamper.apply(cells.subList((int) Math.min(query.offset(), cells.size()),
        (int) Math.min(cells.size(), query.fetch() == null ? cells.size() : query.offset() + query.fetch())));
    final List<List<ResultItem>> items = new ArrayList<>();
    for (int d = 0; d < groups.size(); d++) {
      final List<ResultItem> list = new ArrayList<>(groups.get(d).stream().map(g -> new ResultItem(
          String.join("; ", g.stream().map(Item::label).toList()), String.join(";", g.stream().map(Item::code).toList()),
          false)).toList());
      if (query.dimensions().get(d).total()) {
        list.add(new ResultItem("Total", "", true));
      }
      items.add(list);
    }
    return new CellCursor() {
      int at = -1;

      @Override public boolean next() {
        return ++at < page.size();
      }

      @Override public List<ResultItem> items(int dimension) {
        return items.get(dimension);
      }

      @Override public int item(int dimension) {
        final int i = page.get(at).items()[dimension];
        return i < 0 ? items.get(dimension).size() - 1 : i;
      }

      @Override public Double value(int measure) {
        return page.get(at).values()[measure];
      }

      @Override public void close() {
      }
    };
  }

  /** Every cell of the answer, the first dimension varying slowest, Totals last. */
  private void product(CubeQuery query, List<List<List<Item>>> groups, int[] at, int d, List<Cell> out) {
    if (d == groups.size()) {
      final Double[] values = new Double[query.measures().size()];
      for (int m = 0; m < values.length; m++) {
        final int measure = meta.measures().indexOf(query.measures().get(m));
        double sum = 0;
        for (int r = 0; r < REGIONS.size(); r++) {
          for (int s = 0; s < SEXES.size(); s++) {
            if (selected(query, groups, at, "region", REGIONS.get(r)) && selected(query, groups, at, "sex", SEXES.get(s))) {
              sum += figure(measure, r, s);
            }
          }
        }
        values[m] = sum;
      }
      out.add(new Cell(at.clone(), values));
      return;
    }
    for (int i = 0; i < groups.get(d).size() + (query.dimensions().get(d).total() ? 1 : 0); i++) {
      at[d] = i < groups.get(d).size() ? i : -1;
      product(query, groups, at, d + 1, out);
    }
  }

  /** Whether the cell's item of field {@code field}, if the query has it, includes {@code item}. */
  private static boolean selected(CubeQuery query, List<List<List<Item>>> groups, int[] at, String field, Item item) {
    for (int d = 0; d < groups.size(); d++) {
      if (query.dimensions().get(d).dimension().id().equals(field)) {
        return at[d] < 0 ? groups.get(d).stream().anyMatch(g -> g.contains(item)) : groups.get(d).get(at[d]).contains(item);
      }
    }
    return true;
  }

  /** The query's order of cells, by the values its output columns show; NULLs (Totals) high. */
  private Comparator<Cell> order(CubeQuery query) {
    Comparator<Cell> order = (x, y) -> 0;
    for (CubeQuery.SortKey key : query.order()) {
      final OutputColumn c = query.columns().get(key.column());
      final OutputColumn shown = c instanceof OutputColumn.Key k ? query.groupKeys().get(k.key()) : c;
      final Comparator<Cell> one = Comparator.comparing((Cell cell) -> sortValue(query, shown, cell),
          Comparator.nullsLast(Comparator.<Comparable<Object>>naturalOrder()));
      order = order.thenComparing(key.descending() ? one.reversed() : one);
    }
    return order;
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> sortValue(CubeQuery query, OutputColumn column, Cell cell) {
    if (column instanceof OutputColumn.Measure m) {
      return (Comparable<Object>) (Comparable<?>) cell.values()[m.measure()];
    }
    final int d = query.dimensionOf(column);
    final int i = cell.items()[d];
    if (i < 0) {
      return null;
    }
    final List<Item> group = query.dimensions().get(d).groupsOrAll().get(i);
    return (Comparable<Object>) (Comparable<?>) String.join("; ", group.stream()
        .map(column instanceof OutputColumn.Code ? Item::code : Item::label).toList());
  }

  @Override public void close() {
  }
}
