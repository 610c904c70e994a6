package io.statxplore.core.engine;

import org.apache.calcite.rel.RelNode;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

/**
 * The physical operator of a pushed request whose rows may carry an API's own cells, which
 * {@link LocalAggregationPolicy} follows through the plan above it. The policy's verdict travels
 * with the operator, so that it reaches the prepared plan.
 */
public interface CellSource extends RelNode {
  /** A column of raw cells: a measure read per cell, not aggregated by the API. */
  record Cells(String column, boolean additive) { }

  /** The raw cells output column {@code i} carries, or null for a dimension or an API aggregate. */
  @Nullable Cells cells(int i);

  /** Whether the driver may aggregate these cells, in the API's words. */
  LocalAggregation localAggregation();

  /** The table the cells are read from, for messages. */
  String tableName();

  /** This operator carrying the policy's warnings and, if the query must fail, its refusal. */
  CellSource withVerdict(List<String> warnings, @Nullable String refusal);
}
