package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexVisitor;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Accumulates the operators of an {@link CubeQueryRel}'s stack, bottom up, into a {@link CubeQuery}
 * (the role of an implementor in Calcite's adapters).
 */
public final class CubeQueryBuilder {
  /** Where an output column of the stack so far comes from. */
  private sealed interface Source { }

  private record TableColumn(int ordinal) implements Source { }

  private record GroupKey(int position) implements Source { }

  private record AggResult(int call) implements Source { }

  /** An aggregate call: GROUPING over key positions, or the API's aggregate of a table column. */
  private record Call(boolean grouping, List<Integer> args) { }

  private CubeTableMeta table;
  private List<Source> columns;
  private final List<RexNode> conditions = new ArrayList<>();
  /** Table ordinals of the group keys, when there is an aggregate. */
  private List<Integer> keys;
  private List<ImmutableBitSet> groupingSets;
  private List<Call> calls;
  /** The number of leading cells a preview needs, or null for all. */
  private Long previewRows;
  private final List<String> notes = new ArrayList<>();

  void scan(CubeTableMeta meta) {
    this.table = meta;
    this.columns = IntStream.range(0, meta.columns().size())
        .<Source>mapToObj(TableColumn::new).toList();
  }

  void filter(RexNode condition) {
    conditions.add(condition.accept(new RexShuttle() {
      @Override public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(ordinal(ref.getIndex()), ref.getType());
      }
    }));
  }

  void project(List<Integer> refs) {
    columns = refs.stream().map(columns::get).toList();
  }

  void preview(long rows) {
    previewRows = rows;
  }

  void aggregate(ImmutableBitSet groupSet, List<ImmutableBitSet> sets, List<AggregateCall> aggCalls) {
    final List<Integer> inputs = groupSet.asList();
    keys = inputs.stream().map(this::ordinal).toList();
    groupingSets = sets.stream()
        .map(s -> ImmutableBitSet.of(s.asList().stream().map(inputs::indexOf).toList()))
        .toList();
    calls = aggCalls.stream().map(c -> c.getAggregation().getKind() == SqlKind.GROUPING
        ? new Call(true, c.getArgList().stream().map(inputs::indexOf).toList())
        : new Call(false, List.of(ordinal(c.getArgList().get(0))))).toList();
    final List<Source> out = new ArrayList<>();
    IntStream.range(0, keys.size()).forEach(p -> out.add(new GroupKey(p)));
    IntStream.range(0, calls.size()).forEach(i -> out.add(new AggResult(i)));
    columns = out;
  }

  /** The table column behind output column {@code i}, or null if it is computed by an aggregate. */
  ColumnMeta tableColumn(int i) {
    return columns.get(i) instanceof TableColumn c ? table.column(c.ordinal()) : null;
  }

  private int ordinal(int column) {
    if (columns.get(column) instanceof TableColumn c) {
      return c.ordinal();
    }
    throw new IllegalStateException("column " + column + " is computed by the API, not a table column");
  }

  /** Whether a filter compares with a statement parameter, so the request depends on its value. */
  boolean hasParameters() {
    final List<RexDynamicParam> found = new ArrayList<>();
    final RexVisitor<Void> finder = new RexVisitorImpl<>(true) {
      @Override public Void visitDynamicParam(RexDynamicParam param) {
        found.add(param);
        return null;
      }
    };
    conditions.forEach(c -> c.accept(finder));
    return !found.isEmpty();
  }

  /** Notes for the user about the last request built, such as columns it could not fill. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  /** The request for everything seen so far, for statements without parameters. */
  public CubeQuery build() {
    return build(i -> null);
  }

  /** The request for everything seen so far, given the values of the statement's parameters. */
  CubeQuery build(IntFunction<@Nullable Object> parameters) {
    notes.clear();
    final Map<DimensionMeta, List<Item>> selections = ItemPredicate.select(conditions, table, parameters);
    return keys == null ? cells(selections) : aggregated(selections);
  }

  /**
   * A query without aggregate: every field is a dimension, each row a cell of the finest grain.
   * Of a field's classifications, the one filtered on is used, else the first one selected; the
   * columns of the others are NULL (a cell has an item of one classification only).
   */
  private CubeQuery cells(Map<DimensionMeta, List<Item>> selections) {
    checkOneClassificationPerField(selections.keySet());
    final Set<DimensionMeta> used = new LinkedHashSet<>(selections.keySet());
    columns.forEach(s -> {
      final ColumnMeta c = table.column(((TableColumn) s).ordinal());
      if (c.isDimension()) {
        used.add(table.dimensionOf(c));
      }
    });
    final List<DimensionMeta> dims = new ArrayList<>();
    final Set<String> fields = new LinkedHashSet<>();
    for (DimensionMeta d : table.dimensions()) {
      if (fields.add(d.fieldId())) {
        dims.add(used.stream().filter(u -> u.fieldId().equals(d.fieldId())).findFirst().orElse(d));
      }
    }
    final List<String> absent = used.stream().filter(d -> !dims.contains(d)).map(this::labelColumn).toList();
    if (!absent.isEmpty()) {
      notes.add("Columns " + String.join(", ", absent) + " (with their codes) are NULL: they classify"
          + " the same field as another selected column, and a row of " + table.name() + " has an item"
          + " of one classification of each field only. Query them without the other classification.");
    }
    final List<List<Item>> items = dims.stream().map(d -> previewRows == null ? null
        : selections.getOrDefault(d, d.items())).toList();
    final List<DimensionRequest> requests = new ArrayList<>();
    for (int i = 0; i < dims.size(); i++) {
      final DimensionMeta d = dims.get(i);
      final List<Item> leading = previewRows == null ? null : leading(items, i, previewRows);
      final List<Item> selected = leading == null || (leading.size() == items.get(i).size()
          && !selections.containsKey(d)) ? selections.get(d) : leading;
      requests.add(selected == null ? DimensionRequest.all(d, false) : DimensionRequest.each(d, selected, false));
    }
    final Map<MeasureMeta, Integer> measures = new LinkedHashMap<>();
    final List<OutputColumn> out = new ArrayList<>();
    for (Source s : columns) {
      final ColumnMeta c = table.column(((TableColumn) s).ordinal());
      out.add(dimensionOrMeasure(c, dims, measures));
    }
    if (measures.isEmpty()) {
      measures.put(table.measures().get(0), 0);
    }
    return new CubeQuery(table, requests, List.copyOf(measures.keySet()), List.of(),
        List.of(ImmutableBitSet.of()), out, hasEmpty(selections) ? List.of() : null);
  }

  /**
   * The items of dimension {@code i} that the first {@code rows} cells use, cells being ordered
   * with the first dimension varying slowest: the dimensions from the one whose trailing product
   * reaches {@code rows} on keep all their items, that one keeps as many as needed, and those
   * before it keep their first item.
   */
  private static List<Item> leading(List<List<Item>> items, int i, long rows) {
    long inner = 1;
    for (int j = items.size() - 1; j > i; j--) {
      inner = Math.min(rows, inner * items.get(j).size());
    }
    if (inner >= rows) {
      return items.get(i).subList(0, Math.min(1, items.get(i).size()));
    }
    final long needed = (rows + inner - 1) / Math.max(inner, 1);
    return items.get(i).subList(0, (int) Math.min(needed, items.get(i).size()));
  }

  private CubeQuery aggregated(Map<DimensionMeta, List<Item>> filters) {
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
    checkOneClassificationPerField(dims);
    if (dims.isEmpty()) {
      // No GROUP BY and no filter: one group of all items of a field is the API's grand total.
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
    final Map<MeasureMeta, Integer> measures = new LinkedHashMap<>();
    final List<OutputColumn> keyColumns = new ArrayList<>();
    for (int ordinal : keys) {
      keyColumns.add(dimensionOrMeasure(table.column(ordinal), dims, measures));
    }
    final List<OutputColumn> results = new ArrayList<>();
    for (Call call : calls) {
      results.add(call.grouping()
          ? new OutputColumn.Grouping(call.args())
          : dimensionOrMeasure(table.column(call.args().get(0)), dims, measures));
    }
    if (measures.isEmpty()) {
      measures.put(table.measures().get(0), 0);
    }
    final List<OutputColumn> out = columns.stream().map(s -> s instanceof GroupKey k
        ? (OutputColumn) new OutputColumn.Key(k.position())
        : results.get(((AggResult) s).call())).toList();
    return new CubeQuery(table, requests, List.copyOf(measures.keySet()), keyColumns, groupingSets,
        out, hasEmpty(selections) ? grandTotalOfNothing(out) : null);
  }

  /** Whether some grouping set leaves out every key of {@code d}, so the API must total it. */
  private boolean rolledUp(DimensionMeta d) {
    return groupingSets.stream().anyMatch(set -> set.asList().stream()
        .noneMatch(p -> table.dimensionOf(table.column(keys.get(p))) == d));
  }

  private OutputColumn dimensionOrMeasure(ColumnMeta c, List<DimensionMeta> dims,
      Map<MeasureMeta, Integer> measures) {
    if (c.isDimension() && !dims.contains(table.dimensionOf(c))) {
      return new OutputColumn.Absent();
    }
    switch (c.kind()) {
    case LABEL:
      return new OutputColumn.Label(dims.indexOf(table.dimensionOf(c)));
    case CODE:
      return new OutputColumn.Code(dims.indexOf(table.dimensionOf(c)));
    default:
      return new OutputColumn.Measure(
          measures.computeIfAbsent(table.measureOf(c), m -> measures.size()));
    }
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

  private static boolean hasEmpty(Map<DimensionMeta, List<Item>> selections) {
    return selections.values().stream().anyMatch(List::isEmpty);
  }

  /** A field's classifications (value sets) cannot be combined in one request. */
  private void checkOneClassificationPerField(Iterable<DimensionMeta> dims) {
    final Map<String, List<DimensionMeta>> byField = new LinkedHashMap<>();
    dims.forEach(d -> byField.computeIfAbsent(d.fieldId(), f -> new ArrayList<>()).add(d));
    for (List<DimensionMeta> same : byField.values()) {
      if (same.size() > 1) {
        throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, "Columns "
            + same.stream().map(this::labelColumn).collect(Collectors.joining(" and "))
            + " of table " + table.name() + " are different classifications of the same field ("
            + same.get(0).fieldId() + "); the API can break a query down by only one of them."
            + " Use one per query, or join two queries.");
      }
    }
  }

  private String labelColumn(DimensionMeta d) {
    final int index = table.dimensions().indexOf(d);
    return table.columns().stream()
        .filter(c -> c.kind() == ColumnMeta.Kind.LABEL && c.index() == index)
        .findFirst().orElseThrow().name();
  }
}
