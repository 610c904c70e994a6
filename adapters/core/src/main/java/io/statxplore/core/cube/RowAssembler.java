package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Turns one cell of an API answer into the rows it stands for, per {@link CubeQuery}'s rules. */
final class RowAssembler {
  private final CubeQuery query;
  /** Per grouping set and dimension: whether its item must be an ordinary one (not a Total). */
  private final boolean[][] ordinary;
  /** The dimensions some group key reads; the others never have a Total. */
  private final int[] grouped;
  /** The dimensions whose keys are labels only: their labels must tell items apart. */
  private final ImmutableBitSet groupedByLabel;
  /** The dimensions some column or group key reads. */
  private final int[] read;
  /** The current cell's item of each dimension in {@link #read}, looked up once per cell. */
  private final ResultItem[] items;
  /** Per grouping set: what each column of its rows holds. */
  private final Column[][] columns;
  /** The lookups of the {@link OutputColumn.Grouped} columns, one per column. */
  private final Map<OutputColumn.Grouped, GroupedValues> groupedValues = new HashMap<>();
  private boolean labelsChecked;

  RowAssembler(CubeQuery query) {
    this.query = query;
    final List<ImmutableBitSet> sets = query.groupingSets();
    this.ordinary = new boolean[sets.size()][query.dimensions().size()];
    for (int s = 0; s < sets.size(); s++) {
      for (int k : sets.get(s)) {
        ordinary[s][query.dimensionOf(query.groupKeys().get(k))] = true;
      }
    }
    final ImmutableBitSet grouped = ImmutableBitSet.of(query.groupKeys().stream().map(query::dimensionOf).toList());
    this.grouped = grouped.toArray();
    this.groupedByLabel = ImmutableBitSet.of(query.groupKeys().stream()
        .filter(k -> k instanceof OutputColumn.Label).map(query::dimensionOf).toList())
        .except(ImmutableBitSet.of(query.groupKeys().stream()
            .filter(k -> k instanceof OutputColumn.Code).map(query::dimensionOf).toList()));
    this.read = grouped.union(ImmutableBitSet.of(query.columns().stream()
        .filter(c -> c instanceof OutputColumn.Label || c instanceof OutputColumn.Code)
        .map(query::dimensionOf).toList())).toArray();
    this.items = new ResultItem[query.dimensions().size()];
    this.columns = sets.stream()
        .map(set -> query.columns().stream().map(c -> column(set, c)).toArray(Column[]::new))
        .toArray(Column[][]::new);
  }

  /** Emits the rows of the cursor's current cell. */
  void rows(CellCursor cell, Consumer<Object[]> sink) {
    if (!labelsChecked) {
      groupedByLabel.forEach(d -> checkDistinctLabels(cell.items(d)));
      labelsChecked = true;
    }
    for (int d : read) {
      items[d] = cell.items(d).get(cell.item(d));
    }
    for (int s = 0; s < ordinary.length; s++) {
      if (belongs(ordinary[s])) {
        sink.accept(row(cell, columns[s]));
      }
    }
  }

  private boolean belongs(boolean[] ordinaryDims) {
    for (int d : grouped) {
      if (items[d].total() == ordinaryDims[d]) {
        return false;
      }
    }
    return true;
  }

  private Object[] row(CellCursor cell, Column[] columns) {
    final Object[] row = new Object[columns.length];
    for (int i = 0; i < row.length; i++) {
      final Column c = columns[i];
      switch (c.kind()) {
      case LABEL:
        row[i] = items[c.index()].label();
        break;
      case CODE:
        row[i] = items[c.index()].code();
        break;
      case MEASURE:
        row[i] = cell.value(c.index());
        break;
      case GROUPED:
        row[i] = ((GroupedValues) c.constant()).of(items[c.index()]);
        break;
      default:
        row[i] = c.constant();
      }
    }
    return row;
  }

  /** What a column of a grouping set's rows holds, resolved once per query rather than per row. */
  private Column column(ImmutableBitSet set, OutputColumn column) {
    if (column instanceof OutputColumn.Label l) {
      return new Column(Kind.LABEL, l.dimension(), null);
    }
    if (column instanceof OutputColumn.Code c) {
      return new Column(Kind.CODE, c.dimension(), null);
    }
    if (column instanceof OutputColumn.Measure m) {
      return new Column(Kind.MEASURE, m.measure(), null);
    }
    if (column instanceof OutputColumn.Grouped g) {
      return new Column(Kind.GROUPED, g.dimension(), groupedValues.computeIfAbsent(g, GroupedValues::new));
    }
    if (column instanceof OutputColumn.Key k) {
      return set.get(k.key()) ? column(set, query.groupKeys().get(k.key())) : new Column(Kind.CONSTANT, 0, null);
    }
    if (column instanceof OutputColumn.Grouping g) {
      long bits = 0;
      for (int k : g.keys()) {
        bits = (bits << 1) | (set.get(k) ? 0 : 1);
      }
      return new Column(Kind.CONSTANT, 0, bits);
    }
    return new Column(Kind.CONSTANT, 0, null);  // Absent: a field the request does not break cells down by
  }

  private enum Kind { LABEL, CODE, MEASURE, GROUPED, CONSTANT }

  /**
   * @param index the dimension of a label, code or grouped value, the measure of a value
   * @param constant the value of a constant, the {@link GroupedValues} of a grouped value
   */
  private record Column(Kind kind, int index, @Nullable Object constant) { }

  /** A grouped column's value for each item of the answer, found once per item. */
  private final class GroupedValues {
    private final OutputColumn.Grouped column;
    private final GroupMatch match;
    private final Map<ResultItem, @Nullable Object> found = new IdentityHashMap<>();

    GroupedValues(OutputColumn.Grouped column) {
      this.column = column;
      this.match = new GroupMatch(query.dimensions().get(column.dimension()).groupsOrAll());
    }

    @Nullable Object of(ResultItem item) {
      if (found.containsKey(item)) {
        return found.get(item);
      }
      final int g = match.indexOf(item);
      if (g < 0) {
        throw new ApiException(ApiErrorKind.BAD_RESPONSE, "The answer for " + query.table().name()
            + " has item '" + item.label() + "', which is none of the groups the request asked for");
      }
      final Object value = column.values().get(g);
      found.put(item, value);
      return value;
    }
  }

  /**
   * GROUP BY a label must give one row per label; items sharing a label would give several, each
   * with its own figure, and adding them up here would not be the API's figure.
   */
  private void checkDistinctLabels(List<ResultItem> items) {
    final Map<String, String> codes = new HashMap<>();
    for (ResultItem item : items) {
      final String other = item.total() ? null : codes.putIfAbsent(item.label(), item.code());
      if (other != null) {
        throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, "Items " + other + " and " + item.code()
            + " of " + query.table().name() + " are both labelled '" + item.label() + "', so grouping by"
            + " the label alone would give two rows for it. Group by the code column too (or instead).");
      }
    }
  }
}
