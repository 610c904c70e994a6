package io.statxplore.core.cube;

import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An adapter-neutral aggregate request: the dimensions the API should break the measures down
 * by (with item selections, groups and totals), the measures, and how each cell of the answer
 * becomes output rows.
 *
 * <p>Each cell of the answer has one item per dimension. A cell becomes one row for each
 * grouping set whose rolled-up group keys are exactly the cell's Total items: the dimensions of
 * the set's keys have ordinary items, every other grouped dimension has its Total. A query with
 * no aggregate has no group keys and the one empty grouping set, so every cell is a row.
 *
 * @param table the table queried
 * @param dimensions the dimensions in request order
 * @param measures the measures in request order
 * @param groupKeys the GROUP BY columns, each a {@link OutputColumn.Label} or {@link OutputColumn.Code}
 * @param groupingSets the grouping sets, each a set of positions in {@code groupKeys}
 * @param columns what each output column holds
 * @param knownRows the answer when it is known without a request (a filter selects no item),
 *     else null
 */
public record CubeQuery(CubeTableMeta table, List<DimensionRequest> dimensions,
    List<MeasureMeta> measures, List<OutputColumn> groupKeys, List<ImmutableBitSet> groupingSets,
    List<OutputColumn> columns, @Nullable List<List<Object>> knownRows) {
  public CubeQuery {
    requireNonNull(table, "table");
    dimensions = List.copyOf(dimensions);
    measures = List.copyOf(measures);
    groupKeys = List.copyOf(groupKeys);
    groupingSets = List.copyOf(groupingSets);
    columns = List.copyOf(columns);
    knownRows = knownRows == null ? null : knownRows.stream().map(java.util.Collections::unmodifiableList).toList();
    if (measures.isEmpty() || groupingSets.isEmpty()) {
      throw new IllegalArgumentException("a cube query needs a measure and a grouping set");
    }
    for (OutputColumn k : groupKeys) {
      if (!(k instanceof OutputColumn.Label) && !(k instanceof OutputColumn.Code)) {
        throw new IllegalArgumentException("group key must be a label or code: " + k);
      }
    }
  }

  /** The dimension a group key reads. */
  public int dimensionOf(OutputColumn key) {
    if (key instanceof OutputColumn.Label l) {
      return l.dimension();
    }
    if (key instanceof OutputColumn.Code c) {
      return c.dimension();
    }
    throw new IllegalArgumentException("not a dimension column: " + key);
  }
}
