package io.statxplore.core.cube;

import org.apache.calcite.util.ImmutableBitSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans the request of a query with an aggregate: the grouped dimensions, each with its Total
 * where a grouping set rolls it up, then the filtered dimensions that are not grouped, each
 * collapsed into one group of its selected items (the API aggregates them); the API's measures
 * are the aggregates. Without GROUP BY and filter, one group of all items of a field is the
 * API's grand total.
 */
final class AggregatePlanner {
  private final CubeTableMeta table;
  /** Table ordinals of the group keys. */
  private final List<Integer> keys;
  private final List<ImmutableBitSet> groupingSets;
  private final List<CubeQueryBuilder.Call> calls;
  /** What each output column is: a group key or an aggregate call. */
  private final List<CubeQueryBuilder.Source> columns;

  AggregatePlanner(CubeTableMeta table, List<Integer> keys, List<ImmutableBitSet> groupingSets,
      List<CubeQueryBuilder.Call> calls, List<CubeQueryBuilder.Source> columns) {
    this.table = table;
    this.keys = keys;
    this.groupingSets = groupingSets;
    this.calls = calls;
    this.columns = columns;
  }

  CubeQuery plan(Map<DimensionMeta, List<Item>> filters) {
    final Map<DimensionMeta, List<Item>> selections = new LinkedHashMap<>(filters);
    final List<DimensionMeta> dims = new ArrayList<>();
    for (int ordinal : keys) {
      final DimensionMeta d = table.dimensionOf(table.column(ordinal));
      if (!dims.contains(d)) {
        dims.add(d);
      }
    }
    final int grouped = dims.size();
    table.dimensions().stream()
        .filter(d -> selections.containsKey(d) && !dims.contains(d))
        .forEach(dims::add);
    RequestLayout.checkOneClassificationPerField(table, dims);
    if (dims.isEmpty()) {
      final DimensionMeta first = table.dimensions().get(0);
      dims.add(first);
      selections.put(first, first.items());
    }
    final List<DimensionRequest> requests = new ArrayList<>();
    for (int i = 0; i < dims.size(); i++) {
      final DimensionMeta d = dims.get(i);
      final List<Item> selected = selections.get(d);
      if (i >= grouped) {
        requests.add(DimensionRequest.collapsed(d, selected));
      } else {
        final boolean total = rolledUp(d);
        requests.add(selected == null ? DimensionRequest.all(d, total) : DimensionRequest.each(d, selected, total));
      }
    }
    final RequestLayout layout = new RequestLayout(table, dims);
    final List<OutputColumn> keyColumns = keys.stream().map(k -> layout.column(table.column(k))).toList();
    final List<OutputColumn> results = calls.stream().map(call -> call.grouping()
        ? new OutputColumn.Grouping(call.args())
        : layout.column(table.column(call.args().get(0)))).toList();
    final List<OutputColumn> out = columns.stream().map(s -> s instanceof CubeQueryBuilder.GroupKey k
        ? (OutputColumn) new OutputColumn.Key(k.position())
        : results.get(((CubeQueryBuilder.AggResult) s).call())).toList();
    return new CubeQuery(table, requests, layout.measures(), keyColumns, groupingSets, out,
        RequestLayout.selectsNothing(selections) ? grandTotalOfNothing(out) : null);
  }

  /** Whether some grouping set leaves out every key of {@code d}, so the API must total it. */
  private boolean rolledUp(DimensionMeta d) {
    return groupingSets.stream().anyMatch(set -> set.asList().stream()
        .noneMatch(p -> table.dimensionOf(table.column(keys.get(p))) == d));
  }

  /**
   * What SQL answers for an aggregate over no rows: nothing per group, but one row (NULL
   * aggregates) for each empty grouping set, i.e. the grand total.
   */
  private List<List<Object>> grandTotalOfNothing(List<OutputColumn> out) {
    final List<List<Object>> rows = new ArrayList<>();
    for (ImmutableBitSet set : groupingSets) {
      if (set.isEmpty()) {
        final List<Object> row = new ArrayList<>();
        for (OutputColumn c : out) {
          row.add(c instanceof OutputColumn.Grouping g ? (Object) ((1L << g.keys().size()) - 1) : null);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
