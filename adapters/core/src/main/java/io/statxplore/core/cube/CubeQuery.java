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
 * @param groupKeys the GROUP BY columns, each a {@link OutputColumn.Label}, {@link OutputColumn.Code} or
 *     {@link OutputColumn.Grouped}
 * @param groupingSets the grouping sets, each a set of positions in {@code groupKeys}
 * @param columns what each output column holds
 * @param knownRows the answer when it is known without a request (a filter selects no item),
 *     else null
 * @param order how the API orders the cells, for an API that sorts ({@link CubeCapabilities#sorts()});
 *     else empty, and the cells come in the API's own order
 * @param offset how many cells the API skips, for an API that pages ({@link CubeCapabilities#pages()})
 * @param fetch how many cells the API answers after {@code offset}, or null for all. A paged answer
 *     still lists every item the request asked for per dimension; only its cells are cut
 */
public record CubeQuery(CubeTableMeta table, List<DimensionRequest> dimensions,
    List<MeasureMeta> measures, List<OutputColumn> groupKeys, List<ImmutableBitSet> groupingSets,
    List<OutputColumn> columns, @Nullable List<List<Object>> knownRows, List<SortKey> order, long offset,
    @Nullable Long fetch) {
  /** A key of the cells' order: output column {@code column}, descending or not; NULLs sort high. */
  public record SortKey(int column, boolean descending) { }

  /** A query whose cells come in the API's own order, all of them. */
  public CubeQuery(CubeTableMeta table, List<DimensionRequest> dimensions, List<MeasureMeta> measures,
      List<OutputColumn> groupKeys, List<ImmutableBitSet> groupingSets, List<OutputColumn> columns,
      @Nullable List<List<Object>> knownRows) {
    this(table, dimensions, measures, groupKeys, groupingSets, columns, knownRows, List.of(), 0, null);
  }

  public CubeQuery {
    requireNonNull(table, "table");
    dimensions = List.copyOf(dimensions);
    measures = List.copyOf(measures);
    groupKeys = List.copyOf(groupKeys);
    groupingSets = List.copyOf(groupingSets);
    columns = List.copyOf(columns);
    knownRows = knownRows == null ? null : knownRows.stream().map(java.util.Collections::unmodifiableList).toList();
    order = List.copyOf(order);
    if (offset < 0 || fetch != null && fetch < 0) {
      throw new IllegalArgumentException("offset and fetch must not be negative: " + offset + ", " + fetch);
    }
    if (measures.isEmpty() || groupingSets.isEmpty()) {
      throw new IllegalArgumentException("a cube query needs a measure and a grouping set");
    }
    for (OutputColumn k : groupKeys) {
      if (!(k instanceof OutputColumn.Label) && !(k instanceof OutputColumn.Code)
          && !(k instanceof OutputColumn.Grouped)) {
        throw new IllegalArgumentException("group key must be a label, a code or a grouped value: " + k);
      }
    }
  }

  /** Whether the API orders or cuts the cells: such an answer cannot be put together from parts. */
  public boolean isOrderedOrPaged() {
    return !order.isEmpty() || offset > 0 || fetch != null;
  }

  /** This query with its cells ordered by {@code keys}, then cut to {@code newFetch} after {@code newOffset}. */
  public CubeQuery ordered(List<SortKey> keys, long newOffset, @Nullable Long newFetch) {
    return new CubeQuery(table, dimensions, measures, groupKeys, groupingSets, columns, knownRows, keys, newOffset,
        newFetch);
  }

  /** This query asking for {@code newDimensions} in place of its own, in its own order and paging. */
  CubeQuery withDimensions(List<DimensionRequest> newDimensions) {
    return new CubeQuery(table, newDimensions, measures, groupKeys, groupingSets, columns, null, order, offset, fetch);
  }

  /** The dimension a group key reads. */
  public int dimensionOf(OutputColumn key) {
    if (key instanceof OutputColumn.Label l) {
      return l.dimension();
    }
    if (key instanceof OutputColumn.Code c) {
      return c.dimension();
    }
    if (key instanceof OutputColumn.Grouped g) {
      return g.dimension();
    }
    throw new IllegalArgumentException("not a dimension column: " + key);
  }
}
