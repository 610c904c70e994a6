package io.statxplore.core.cube;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rex.RexNode;

/** A filter on dimension columns that becomes item selections (recodes) in the request. */
public final class CubeFilter extends Filter implements CubeRel {
  CubeFilter(RelOptCluster cluster, RelTraitSet traits, RelNode input, RexNode condition) {
    super(cluster, traits, input, condition);
  }

  @Override public Filter copy(RelTraitSet traitSet, RelNode input, RexNode condition) {
    return new CubeFilter(getCluster(), traitSet, input, condition);
  }

  @Override public void implement(CubeQueryBuilder builder) {
    builder.filter(condition);
  }
}
