package io.statxplore.core.cube;

import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Plans the request of a query with an aggregate: the grouped dimensions, each with its Total
 * where a grouping set rolls it up, then the filtered dimensions that are not grouped, each
 * collapsed into one group of its selected items (the API aggregates them); the API's measures
 * are the aggregates. Without GROUP BY and filter, one group of all items of a field is the
 * API's grand total. A dimension grouped by expressions ({@code CASE}, {@code IN}-lists) is
 * asked for as groups of the items that share their values, and its rows show those values.
 */
final class AggregatePlanner {
  private final CubeTableMeta table;
  /** The group keys: table columns and expressions over one dimension's columns. */
  private final List<CubeQueryBuilder.Source> keys;
  private final List<ImmutableBitSet> groupingSets;
  private final List<CubeQueryBuilder.Call> calls;
  /** What each output column is: a group key or an aggregate call. */
  private final List<CubeQueryBuilder.Source> columns;

  AggregatePlanner(CubeTableMeta table, List<CubeQueryBuilder.Source> keys, List<ImmutableBitSet> groupingSets,
      List<CubeQueryBuilder.Call> calls, List<CubeQueryBuilder.Source> columns) {
    this.table = table;
    this.keys = keys;
    this.groupingSets = groupingSets;
    this.calls = calls;
    this.columns = columns;
  }

  CubeQuery plan(Map<DimensionMeta, List<Item>> filters, IntFunction<@Nullable Object> parameters) {
    final Map<DimensionMeta, List<Item>> selections = new LinkedHashMap<>(filters);
    final List<DimensionMeta> dims = new ArrayList<>();
    for (CubeQueryBuilder.Source key : keys) {
      final DimensionMeta d = dimensionOf(key);
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
    final Map<CubeQueryBuilder.Source, List<Object>> derivedValues = new HashMap<>();
    for (int i = 0; i < dims.size(); i++) {
      final DimensionMeta d = dims.get(i);
      final List<Item> selected = selections.get(d);
      final List<CubeQueryBuilder.Derived> derived = keys.stream()
          .filter(k -> k instanceof CubeQueryBuilder.Derived && dimensionOf(k) == d)
          .map(k -> (CubeQueryBuilder.Derived) k).toList();
      if (i >= grouped) {
        requests.add(DimensionRequest.collapsed(d, selected));
      } else if (!derived.isEmpty()) {
        final List<List<Item>> groups = group(selected == null ? d.items() : selected, derived, parameters,
            derivedValues);
        requests.add(new DimensionRequest(d, groups, rolledUp(d)));
      } else {
        final boolean total = rolledUp(d);
        requests.add(selected == null ? DimensionRequest.all(d, total) : DimensionRequest.each(d, selected, total));
      }
    }
    final RequestLayout layout = new RequestLayout(table, dims);
    final List<OutputColumn> keyColumns = keys.stream().map(k -> k instanceof CubeQueryBuilder.TableColumn c
        ? layout.column(table.column(c.ordinal()))
        : (OutputColumn) new OutputColumn.Grouped(dims.indexOf(dimensionOf(k)), derivedValues.get(k))).toList();
    final List<OutputColumn> results = calls.stream().map(call -> call.grouping()
        ? new OutputColumn.Grouping(call.args())
        : layout.column(table.column(call.args().get(0)))).toList();
    final List<OutputColumn> out = columns.stream().map(s -> s instanceof CubeQueryBuilder.GroupKey k
        ? (OutputColumn) new OutputColumn.Key(k.position())
        : results.get(((CubeQueryBuilder.AggResult) s).call())).toList();
    return new CubeQuery(table, requests, layout.measures(), keyColumns, groupingSets, out,
        RequestLayout.selectsNothing(selections) ? grandTotalOfNothing(out) : null);
  }

  private DimensionMeta dimensionOf(CubeQueryBuilder.Source key) {
    return key instanceof CubeQueryBuilder.Derived d ? d.dimension(table)
        : table.dimensionOf(table.column(((CubeQueryBuilder.TableColumn) key).ordinal()));
  }

  /**
   * {@code items} in groups of those to which the expressions give the same values, in the order
   * of their first items; puts each expression's value per group in {@code values}.
   */
  private List<List<Item>> group(List<Item> items, List<CubeQueryBuilder.Derived> expressions,
      IntFunction<@Nullable Object> parameters, Map<CubeQueryBuilder.Source, List<Object>> values) {
    final Map<List<Object>, List<Item>> groups = new LinkedHashMap<>();
    for (Item item : items) {
      final Object[] key = expressions.stream()
          .map(e -> ItemPredicate.value(e.expression(), table, item, parameters)).toArray();
      groups.computeIfAbsent(Arrays.asList(key), k -> new ArrayList<>()).add(item);
    }
    for (int e = 0; e < expressions.size(); e++) {
      final int at = e;
      values.put(expressions.get(e), groups.keySet().stream().map(k -> k.get(at)).toList());
    }
    return List.copyOf(groups.values());
  }

  /** Whether some grouping set leaves out every key of {@code d}, so the API must total it. */
  private boolean rolledUp(DimensionMeta d) {
    return groupingSets.stream().anyMatch(set -> set.asList().stream()
        .noneMatch(p -> dimensionOf(keys.get(p)) == d));
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
