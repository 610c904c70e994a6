package io.statxplore.core.cube;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

import java.util.List;

/**
 * A projection of columns, which decides which columns rows carry; under an aggregate that groups
 * by them ({@link CubeRules#GROUP}), also expressions over one dimension's columns.
 */
public final class CubeProject extends Project implements CubeRel {
  CubeProject(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<? extends RexNode> projects,
      RelDataType rowType) {
    super(cluster, traits, List.of(), input, projects, rowType, java.util.Set.of());
  }

  @Override public Project copy(RelTraitSet traitSet, RelNode input, List<RexNode> projects,
      RelDataType rowType) {
    return new CubeProject(getCluster(), traitSet, input, projects, rowType);
  }

  @Override public void implement(CubeQueryBuilder builder) {
    builder.project(getProjects());
  }
}
