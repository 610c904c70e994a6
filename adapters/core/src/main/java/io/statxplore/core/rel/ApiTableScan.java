package io.statxplore.core.rel;

import io.statxplore.core.schema.CubeTable;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;

import java.util.List;

/** The bottom of every {@link ApiQuery}: the cube table at its finest grain. */
public final class ApiTableScan extends TableScan implements ApiRel {
  private final CubeTable cubeTable;

  ApiTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, CubeTable cubeTable) {
    super(cluster, traits, List.of(), table);
    this.cubeTable = cubeTable;
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ApiTableScan(getCluster(), traitSet, table, cubeTable);
  }

  @Override public void implement(QueryBuilder builder) {
    builder.scan(cubeTable.meta());
  }
}
