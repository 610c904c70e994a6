package io.statxplore.core.cube;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code ORDER BY}, {@code OFFSET} and {@code LIMIT} that an API which sorts or pages computes
 * ({@link CubeCapabilities#sorts()}, {@link CubeCapabilities#pages()}): the order and the cut of
 * the answer's cells. Nothing is pushed above it.
 */
public final class CubeSort extends Sort implements CubeRel {
  CubeSort(RelOptCluster cluster, RelTraitSet traits, RelNode input, RelCollation collation,
      @Nullable RexNode offset, @Nullable RexNode fetch) {
    super(cluster, traits, input, collation, offset, fetch);
  }

  @Override public Sort copy(RelTraitSet traitSet, RelNode newInput, RelCollation newCollation,
      @Nullable RexNode newOffset, @Nullable RexNode newFetch) {
    return new CubeSort(getCluster(), traitSet, newInput, newCollation, newOffset, newFetch);
  }

  @Override public void implement(CubeQueryBuilder builder) {
    builder.sort(collation, offset, fetch);
  }
}
