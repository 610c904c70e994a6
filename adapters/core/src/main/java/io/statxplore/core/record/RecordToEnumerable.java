package io.statxplore.core.record;

import io.statxplore.core.engine.Runners;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

/** The physical operator that sends a {@link RecordRel}'s request and streams its rows. */
public final class RecordToEnumerable extends AbstractRelNode implements EnumerableRel {
  private final RecordRel rel;

  RecordToEnumerable(RelOptCluster cluster, RelTraitSet traits, RecordRel rel) {
    super(cluster, traits);
    this.rel = rel;
  }

  public RecordQuery query() {
    return rel.query();
  }

  @Override protected RelDataType deriveRowType() {
    return rel.getRowType();
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new RecordToEnumerable(getCluster(), traitSet, rel);
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return rel.estimateRowCount(mq);
  }

  @Override public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return rel.computeSelfCost(planner, mq);
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("table", rel.table().entry().name())
        .item("request", rel.table().adapter().explain(rel.query()));
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    final RecordRunner runner = new RecordRunner(rel.table().adapter(), rel.query(),
        getRowType().getFieldList().stream().map(RelDataTypeField::getType).map(RelDataType::getSqlTypeName).toList());
    return Runners.implement(implementor, getRowType(), pref, runner);
  }
}
