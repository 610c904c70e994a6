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
  /**
   * A column of the API's figures that the driver may combine: a measure read per cell, or the
   * API's aggregate of one per group.
   *
   * @param figures what the values are, for messages: {@code the cells of t at its finest grain},
   *     {@code the API's figures for t by region}
   */
  record Cells(String column, boolean additive, String figures) { }

  /** The API's figures output column {@code i} carries, or null for a dimension or a GROUPING value. */
  @Nullable Cells cells(int i);

  /** Whether the driver may aggregate these cells, in the API's words. */
  LocalAggregation localAggregation();

  /** The table the cells are read from, for messages. */
  String tableName();

  /** This operator carrying the policy's warnings and, if the query must fail, its refusal. */
  CellSource withVerdict(List<String> warnings, @Nullable String refusal);
}
