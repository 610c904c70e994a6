package io.statxplore.core.record;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

/**
 * The part of a plan one record request computes, as a {@link RecordQuery}. Like the cube
 * engine's {@code CubeQueryRel} it is a logical leaf ({@link Convention#NONE}), so each rule sees the
 * query the previous rule extended; {@link RecordRules#TO_ENUMERABLE} makes it physical.
 */
public final class RecordRel extends AbstractRelNode {
  private final RecordTable table;
  private final RecordQuery query;
  private final RelDataType rowType;

  RecordRel(RelOptCluster cluster, RelTraitSet traits, RecordTable table, RecordQuery query,
      RelDataType rowType) {
    super(cluster, traits);
    this.table = table;
    this.query = query;
    this.rowType = rowType;
  }

  /** A query reading the whole table. */
  static RecordRel scan(RelOptCluster cluster, RelOptTable relOptTable, RecordTable table) {
    return new RecordRel(cluster, cluster.traitSetOf(Convention.NONE), table,
        RecordQuery.scan(table.meta()), relOptTable.getRowType());
  }

  /** The same table with another query, whose rows have type {@code type}. */
  RecordRel with(RecordQuery newQuery, RelDataType type) {
    return new RecordRel(getCluster(), getTraitSet(), table, newQuery, type);
  }

  public RecordTable table() {
    return table;
  }

  public RecordQuery query() {
    return query;
  }

  @Override protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new RecordRel(getCluster(), traitSet, table, query, rowType);
  }

  /** Fewer rows for each part the API computes, so that pushed plans win. */
  @Override public double estimateRowCount(RelMetadataQuery mq) {
    double rows = RecordTable.ROWS;
    if (query.filter() != null) {
      rows *= 0.25;
    }
    if (query.isAggregated()) {
      rows = query.groupKeys().isEmpty() ? 1 : rows * 0.1;
    }
    if (query.fetch() != null) {
      rows = Math.min(rows, query.fetch());
    }
    return Math.max(1, rows);
  }

  /** Rows weighted by width: of two equivalent requests the one that sends fewer fields wins. */
  @Override public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    final double rows = estimateRowCount(mq) * (1 + 0.1 * rowType.getFieldCount())
        * (query.isSortedOrLimited() ? 0.9 : 1);
    return planner.getCostFactory().makeCost(rows, rows, rows);
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("table", table.entry().name()).item("query", query.toString());
  }

  @Override public void register(RelOptPlanner planner) {
    RecordRules.RULES.forEach(planner::addRule);
  }
}
