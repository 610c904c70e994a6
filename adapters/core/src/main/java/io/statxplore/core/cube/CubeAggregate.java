package io.statxplore.core.cube;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.ArrayList;
import java.util.List;

/**
 * GROUP BY on dimension columns with aggregates the API computes for measures; grouping sets
 * become the API's Total items.
 *
 * <p>A grouping set given twice ({@code GROUPING SETS ((a), (a))}) gives its rows twice. Calcite's
 * aggregate holds each set once, so the sets given again are kept apart, in {@link #repeated}.
 */
public final class CubeAggregate extends Aggregate implements CubeRel {
  private final List<ImmutableBitSet> repeated;

  CubeAggregate(RelOptCluster cluster, RelTraitSet traits, RelNode input, ImmutableBitSet groupSet,
      List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls, List<ImmutableBitSet> repeated) {
    super(cluster, traits, List.of(), input, groupSet, groupSets, aggCalls);
    this.repeated = List.copyOf(repeated);
  }

  /** The grouping sets given again. */
  List<ImmutableBitSet> repeated() {
    return repeated;
  }

  /** This aggregate over {@code input}, giving the rows of {@code sets} once more. */
  CubeAggregate repeating(RelNode input, List<ImmutableBitSet> sets) {
    final List<ImmutableBitSet> all = new ArrayList<>(repeated);
    all.addAll(sets);
    return new CubeAggregate(getCluster(), traitSet, input, groupSet, groupSets, aggCalls, all);
  }

  @Override public Aggregate copy(RelTraitSet traitSet, RelNode input, ImmutableBitSet groupSet,
      List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls) {
    return new CubeAggregate(getCluster(), traitSet, input, groupSet, groupSets, aggCalls, repeated);
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).itemIf("repeated", repeated, !repeated.isEmpty());
  }

  @Override public void implement(CubeQueryBuilder builder) {
    final List<ImmutableBitSet> sets = new ArrayList<>(groupSets);
    sets.addAll(repeated);
    builder.aggregate(groupSet, sets, aggCalls);
  }
}
