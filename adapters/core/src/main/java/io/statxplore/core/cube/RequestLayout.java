package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dimensions and measures of a request being planned, and what each output column reads
 * from the answer's cells: the measures are numbered as columns ask for them.
 */
final class RequestLayout {
  private final CubeTableMeta table;
  private final List<DimensionMeta> dimensions;
  private final Map<MeasureMeta, Integer> measures = new LinkedHashMap<>();

  RequestLayout(CubeTableMeta table, List<DimensionMeta> dimensions) {
    this.table = table;
    this.dimensions = List.copyOf(dimensions);
  }

  /** What output column {@code c} of the table holds in a row of this request's cells. */
  OutputColumn column(ColumnMeta c) {
    if (c.isDimension() && !dimensions.contains(table.dimensionOf(c))) {
      return new OutputColumn.Absent();
    }
    switch (c.kind()) {
    case LABEL:
      return new OutputColumn.Label(dimensions.indexOf(table.dimensionOf(c)));
    case CODE:
      return new OutputColumn.Code(dimensions.indexOf(table.dimensionOf(c)));
    default:
      return new OutputColumn.Measure(measures.computeIfAbsent(table.measureOf(c), m -> measures.size()));
    }
  }

  /** The measures the columns read, in their order; the table's first when none does (a cell needs one). */
  List<MeasureMeta> measures() {
    return measures.isEmpty() ? List.of(table.measures().get(0)) : List.copyOf(measures.keySet());
  }

  /** Whether a filter selects no item, so that the answer is known without a request. */
  static boolean selectsNothing(Map<DimensionMeta, List<Item>> selections) {
    return selections.values().stream().anyMatch(List::isEmpty);
  }

  /** A field's classifications (value sets) cannot be combined in one request. */
  static void checkOneClassificationPerField(CubeTableMeta table, Iterable<DimensionMeta> dims) {
    final Map<String, List<DimensionMeta>> byField = new LinkedHashMap<>();
    dims.forEach(d -> byField.computeIfAbsent(d.fieldId(), f -> new ArrayList<>()).add(d));
    for (List<DimensionMeta> same : byField.values()) {
      if (same.size() > 1) {
        throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, "Columns "
            + same.stream().map(table::labelColumn).collect(Collectors.joining(" and "))
            + " of table " + table.name() + " are different classifications of the same field ("
            + same.get(0).fieldId() + "); the API can break a query down by only one of them."
            + " Use one per query, or join two queries.");
      }
    }
  }
}
