package io.statxplore.core.cube;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;

import java.util.List;

/** The bottom of every {@link CubeQueryRel}: the cube table at its finest grain. */
public final class CubeTableScan extends TableScan implements CubeRel {
  private final CubeTable cubeTable;

  CubeTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, CubeTable cubeTable) {
    super(cluster, traits, List.of(), table);
    this.cubeTable = cubeTable;
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CubeTableScan(getCluster(), traitSet, table, cubeTable);
  }

  @Override public void implement(CubeQueryBuilder builder) {
    builder.scan(cubeTable.meta(), cubeTable.adapter().capabilities());
  }
}
