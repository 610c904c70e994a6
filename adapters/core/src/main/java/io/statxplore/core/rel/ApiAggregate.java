package io.statxplore.core.rel;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.List;

/**
 * GROUP BY on dimension columns with aggregates the API computes for measures; grouping sets
 * become the API's Total items.
 */
public final class ApiAggregate extends Aggregate implements ApiRel {
  ApiAggregate(RelOptCluster cluster, RelTraitSet traits, RelNode input, ImmutableBitSet groupSet,
      List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls) {
    super(cluster, traits, List.of(), input, groupSet, groupSets, aggCalls);
  }

  @Override public Aggregate copy(RelTraitSet traitSet, RelNode input, ImmutableBitSet groupSet,
      List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls) {
    return new ApiAggregate(getCluster(), traitSet, input, groupSet, groupSets, aggCalls);
  }

  @Override public void implement(QueryBuilder builder) {
    builder.aggregate(groupSet, groupSets, aggCalls);
  }
}
