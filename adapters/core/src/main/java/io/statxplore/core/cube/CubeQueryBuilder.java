package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexVisitor;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Accumulates the operators of a {@link CubeQueryRel}'s stack, bottom up (the role of an
 * implementor in Calcite's adapters), and has the request planned from what they say: by
 * {@link CellsPlanner} for a query without aggregate, by {@link AggregatePlanner} for one with.
 */
public final class CubeQueryBuilder {
  /** Where an output column of the stack so far comes from. */
  sealed interface Source { }

  /** Column {@code ordinal} of the table. */
  record TableColumn(int ordinal) implements Source { }

  /**
   * A GROUP BY expression over the label and code columns of one dimension (a {@code CASE}, an
   * {@code IN}-list), over table ordinals: the API aggregates the items that share its value.
   */
  record Derived(RexNode expression) implements Source {
    DimensionMeta dimension(CubeTableMeta table) {
      return table.dimensionOf(table.column(RelOptUtil.InputFinder.bits(expression).nextSetBit(0)));
    }
  }

  /** Group key {@code position} of the aggregate. */
  record GroupKey(int position) implements Source { }

  /** The result of aggregate call {@code call}. */
  record AggResult(int call) implements Source { }

  /** An aggregate call: GROUPING over key positions, or the API's aggregate of a table column. */
  record Call(boolean grouping, List<Integer> args) { }

  private CubeTableMeta table;
  private CubeCapabilities capabilities;
  private List<Source> columns;
  private final List<RexNode> conditions = new ArrayList<>();
  /** The group keys, when there is an aggregate: each a {@link TableColumn} or a {@link Derived}. */
  private List<Source> keys;
  private List<ImmutableBitSet> groupingSets;
  private List<Call> calls;
  /** The number of leading cells a preview needs, or null for all. */
  private Long previewRows;
  /** The order, offset and fetch the API applies, for an API that sorts or pages. */
  private List<CubeQuery.SortKey> order = List.of();
  private long offset;
  private @Nullable Long fetch;
  private final List<String> notes = new ArrayList<>();

  void scan(CubeTableMeta meta, CubeCapabilities caps) {
    this.table = meta;
    this.capabilities = caps;
    this.columns = IntStream.range(0, meta.columns().size())
        .<Source>mapToObj(TableColumn::new).toList();
  }

  void filter(RexNode condition) {
    conditions.add(overTable(condition));
  }

  /** Output columns: a column of the stack so far, or an expression that a GROUP BY above reads. */
  void project(List<RexNode> projects) {
    columns = projects.stream().map(p -> p instanceof RexInputRef ref ? columns.get(ref.getIndex())
        : new Derived(overTable(p))).toList();
  }

  /** {@code e} reading table ordinals in place of the stack's output columns. */
  private RexNode overTable(RexNode e) {
    return e.accept(new RexShuttle() {
      @Override public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(ordinal(ref.getIndex()), ref.getType());
      }
    });
  }

  void preview(long rows) {
    previewRows = rows;
  }

  void sort(RelCollation collation, @Nullable RexNode offsetRows, @Nullable RexNode fetchRows) {
    order = collation.getFieldCollations().stream().map(c -> new CubeQuery.SortKey(c.getFieldIndex(),
        c.direction == RelFieldCollation.Direction.DESCENDING)).toList();
    offset = offsetRows == null ? 0 : ((RexLiteral) offsetRows).getValueAs(Long.class);
    fetch = fetchRows == null ? null : ((RexLiteral) fetchRows).getValueAs(Long.class);
  }

  void aggregate(ImmutableBitSet groupSet, List<ImmutableBitSet> sets, List<AggregateCall> aggCalls) {
    final List<Integer> inputs = groupSet.asList();
    keys = inputs.stream().map(columns::get).toList();
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

  /**
   * The dimension a GROUP BY on output column {@code i} breaks the cells down by: that of a
   * dimension column, or of the one dimension an expression reads; null for anything else.
   */
  @Nullable DimensionMeta groupedDimension(int i) {
    final Source s = columns.get(i);
    if (s instanceof Derived d) {
      return d.dimension(table);
    }
    final ColumnMeta c = tableColumn(i);
    return c != null && c.isDimension() ? table.dimensionOf(c) : null;
  }

  /** The measure whose API aggregate output column {@code i} is, or null for anything else. */
  @Nullable ColumnMeta aggregatedMeasure(int i) {
    return columns.get(i) instanceof AggResult r && !calls.get(r.call()).grouping()
        ? table.column(calls.get(r.call()).args().get(0)) : null;
  }

  /** What the aggregate breaks the figures down by, for messages: {@code by region_code, sex}. */
  String grain() {
    return keys.isEmpty() ? "in one total" : keys.stream().map(k -> k instanceof TableColumn c
        ? table.column(c.ordinal()).name() : "groups of " + table.labelColumn(((Derived) k).dimension(table)))
        .collect(Collectors.joining(", ", "by ", ""));
  }

  /** Whether output column {@code i} is an expression rather than a column. */
  boolean isDerived(int i) {
    return columns.get(i) instanceof Derived;
  }

  private int ordinal(int column) {
    if (columns.get(column) instanceof TableColumn c) {
      return c.ordinal();
    }
    throw new IllegalStateException("column " + column + " is computed by the API, not a table column");
  }

  /**
   * Whether the API can order the cells by output column {@code i}: not by a GROUPING value, nor
   * by an expression's value, which only the driver knows.
   */
  boolean sortable(int i) {
    final Source s = columns.get(i);
    return !(s instanceof AggResult r && calls.get(r.call()).grouping())
        && !(s instanceof GroupKey k && keys.get(k.position()) instanceof Derived);
  }

  /** How many grouping sets the rows come from: one without an aggregate. */
  int groupingSetCount() {
    return keys == null ? 1 : groupingSets.size();
  }

  /** How many measures the request asks for. */
  int measureCount() {
    final List<Integer> read = keys == null
        ? columns.stream().map(s -> ((TableColumn) s).ordinal()).toList()
        : calls.stream().filter(c -> !c.grouping()).map(c -> c.args().get(0)).toList();
    return (int) Math.max(1, read.stream().distinct().filter(o -> !table.column(o).isDimension()).count());
  }

  /**
   * Whether the request needs groups of items the API aggregates: a filtered dimension that is
   * not among {@code grouped} (the dimensions of an aggregate's keys) and whose filter may keep
   * several items, or no key and no filter at all (the grand total).
   */
  boolean needsGroupedItems(Set<DimensionMeta> grouped) {
    if (grouped.isEmpty() && conditions.isEmpty()) {
      return true;
    }
    for (RexNode condition : conditions) {
      for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
        final DimensionMeta d = table.dimensionOf(table.column(RelOptUtil.InputFinder.bits(conjunct).nextSetBit(0)));
        if (!grouped.contains(d) && ItemPredicate.shape(conjunct) != CubeCapabilities.FilterShape.SINGLE_ITEM) {
          return true;
        }
      }
    }
    return false;
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
    if (keys != null) {
      keys.stream().filter(k -> k instanceof Derived).forEach(k -> ((Derived) k).expression().accept(finder));
    }
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
    final CubeQuery planned;
    if (keys == null) {
      final List<Integer> ordinals = columns.stream().map(s -> ((TableColumn) s).ordinal()).toList();
      planned = new CellsPlanner(table, ordinals, previewRows, notes).plan(selections);
    } else {
      planned = new AggregatePlanner(table, keys, groupingSets, calls, columns).plan(selections, parameters);
    }
    checkShapes(planned);
    return order.isEmpty() && offset == 0 && fetch == null ? planned : planned.ordered(order, offset, fetch);
  }

  /**
   * Refuses a request the API cannot take although the rules pushed its filters: a value that
   * names several items by label, where the API takes one item per field or no groups of them.
   */
  private void checkShapes(CubeQuery query) {
    for (DimensionRequest d : query.dimensions()) {
      final List<List<Item>> groups = d.groups();
      final boolean grouped = groups != null && groups.stream().anyMatch(g -> g.size() > 1);
      final String which = groups == null ? null
          : groups.size() > 1 && !capabilities.takes(CubeCapabilities.FilterShape.ITEM_SET) ? "one item of"
          : grouped && !capabilities.takes(CubeCapabilities.FilterShape.GROUPED_ITEMS) ? "no group of items of"
          : null;
      if (which != null) {
        throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, "The API takes " + which + " field "
            + d.dimension().label() + " of table " + table.name() + ", and the filter on "
            + table.labelColumn(d.dimension()) + " keeps " + d.describe()
            + "; filter on its code column, which names one item per value");
      }
    }
  }
}
