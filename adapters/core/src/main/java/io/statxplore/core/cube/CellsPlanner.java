package io.statxplore.core.cube;

import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans the request of a query without aggregate: every field is a dimension and each row a
 * cell of the finest grain. Of a field's classifications, the one filtered on is used, else the
 * first one selected; the columns of the others are NULL (a cell has an item of one
 * classification only), which a note says.
 */
final class CellsPlanner {
  private final CubeTableMeta table;
  /** The table column of each output column. */
  private final List<Integer> ordinals;
  /** The leading cells a preview needs, or null for all. */
  private final @Nullable Long previewRows;
  private final List<String> notes;

  CellsPlanner(CubeTableMeta table, List<Integer> ordinals, @Nullable Long previewRows, List<String> notes) {
    this.table = table;
    this.ordinals = ordinals;
    this.previewRows = previewRows;
    this.notes = notes;
  }

  CubeQuery plan(Map<DimensionMeta, List<Item>> selections) {
    RequestLayout.checkOneClassificationPerField(table, selections.keySet());
    final Set<DimensionMeta> used = new LinkedHashSet<>(selections.keySet());
    for (int ordinal : ordinals) {
      final ColumnMeta c = table.column(ordinal);
      if (c.isDimension()) {
        used.add(table.dimensionOf(c));
      }
    }
    final List<DimensionMeta> dims = new ArrayList<>();
    final Set<String> fields = new LinkedHashSet<>();
    for (DimensionMeta d : table.dimensions()) {
      if (fields.add(d.fieldId())) {
        dims.add(used.stream().filter(u -> u.fieldId().equals(d.fieldId())).findFirst().orElse(d));
      }
    }
    final List<String> absent = used.stream().filter(d -> !dims.contains(d)).map(table::labelColumn).toList();
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
      final List<Item> leading = previewRows == null ? null : PreviewPlanner.leading(items, i, previewRows);
      final List<Item> selected = leading == null || (leading.size() == items.get(i).size()
          && !selections.containsKey(d)) ? selections.get(d) : leading;
      requests.add(selected == null ? DimensionRequest.all(d, false) : DimensionRequest.each(d, selected, false));
    }
    final RequestLayout layout = new RequestLayout(table, dims);
    final List<OutputColumn> out = ordinals.stream().map(o -> layout.column(table.column(o))).toList();
    return new CubeQuery(table, requests, layout.measures(), List.of(), List.of(ImmutableBitSet.of()), out,
        RequestLayout.selectsNothing(selections) ? List.of() : null);
  }
}
