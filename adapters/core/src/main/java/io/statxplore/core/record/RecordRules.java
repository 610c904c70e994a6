package io.statxplore.core.record;

import io.statxplore.core.engine.RuleConfig;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rules that move a filter, projection, aggregate, sort and limit into a {@link RecordRel} when
 * its {@link RecordAdapter} computes them as SQL does; whatever a rule declines stays in Calcite.
 */
public final class RecordRules {
  private RecordRules() {
  }

  public static final RelOptRule FILTER =
      RuleConfig.over(LogicalFilter.class, RecordRel.class, "RecordFilterRule", FilterRule::new);
  public static final RelOptRule PROJECT =
      RuleConfig.over(LogicalProject.class, RecordRel.class, "RecordProjectRule", ProjectRule::new);
  public static final RelOptRule AGGREGATE =
      RuleConfig.over(LogicalAggregate.class, RecordRel.class, "RecordAggregateRule", AggregateRule::new);
  public static final RelOptRule SORT =
      RuleConfig.over(LogicalSort.class, RecordRel.class, "RecordSortRule", SortRule::new);

  /** Turns a logical {@link RecordRel} into the physical {@link RecordToEnumerable}. */
  public static final RelOptRule TO_ENUMERABLE = ConverterRule.Config.INSTANCE
      .withConversion(RecordRel.class, Convention.NONE, EnumerableConvention.INSTANCE,
          "RecordToEnumerableRule")
      .withRuleFactory(ToEnumerableRule::new)
      .toRule();

  public static final List<RelOptRule> RULES = List.of(FILTER, PROJECT, AGGREGATE, SORT, TO_ENUMERABLE);

  /** Pushes the conjuncts the API evaluates; a loosely evaluated one is also kept in Calcite. */
  static final class FilterRule extends RelRule<RuleConfig> {
    FilterRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalFilter filter = call.rel(0);
      final RecordRel rel = call.rel(1);
      final RecordQuery query = rel.query();
      if (query.isAggregated() || query.isSortedOrLimited()) {
        return;
      }
      final List<Pred> pushed = new ArrayList<>();
      final List<RexNode> residual = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
        final Pred p = RexPreds.translate(conjunct, query, filter.getCluster().getRexBuilder());
        final RecordAdapter.FilterSupport support =
            p == null ? RecordAdapter.FilterSupport.NONE : rel.table().adapter().filter(p);
        // A loose conjunct stays above the query too: the rule must not push it a second time.
        if (support != RecordAdapter.FilterSupport.NONE && !query.conjuncts().contains(p)) {
          pushed.add(p);
        }
        if (support != RecordAdapter.FilterSupport.EXACT) {
          residual.add(conjunct);
        }
      }
      if (pushed.isEmpty()) {
        return;
      }
      final RecordQuery filtered = query.withFilter(pushed.size() == 1 ? pushed.get(0) : new Pred.And(pushed));
      call.transformTo(call.builder().push(rel.with(filtered, rel.getRowType())).filter(residual).build());
    }
  }

  /**
   * Pushes a projection of columns; one that computes expressions pushes the columns it reads,
   * so the request asks only for the fields the query uses.
   */
  static final class ProjectRule extends RelRule<RuleConfig> {
    ProjectRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalProject project = call.rel(0);
      final RecordRel rel = call.rel(1);
      if (rel.query().isSortedOrLimited()) {
        return;
      }
      if (project.getProjects().stream().allMatch(p -> p instanceof RexInputRef)) {
        final List<Integer> positions =
            project.getProjects().stream().map(p -> ((RexInputRef) p).getIndex()).toList();
        call.transformTo(rel.with(rel.query().withProjection(positions), project.getRowType()));
        return;
      }
      final List<Integer> kept = RelOptUtil.InputFinder.bits(project.getProjects(), null).asList();
      if (kept.isEmpty() || kept.size() >= rel.getRowType().getFieldCount()) {
        return;
      }
      final List<RexNode> above = RuleConfig.remap(project.getProjects(), kept);
      final List<RexNode> refs = kept.stream().map(i -> (RexNode) RexInputRef.of(i, rel.getRowType())).toList();
      final RecordRel narrowed = rel.with(rel.query().withProjection(kept),
          RexUtil.createStructType(rel.getCluster().getTypeFactory(), refs,
              kept.stream().map(i -> rel.getRowType().getFieldNames().get(i)).toList(), null));
      call.transformTo(call.builder().push(narrowed).project(above, project.getRowType().getFieldNames()).build());
    }
  }

  /** Pushes GROUP BY columns with COUNT, SUM, AVG, MIN and MAX the API computes. */
  static final class AggregateRule extends RelRule<RuleConfig> {
    AggregateRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalAggregate aggregate = call.rel(0);
      final RecordRel rel = call.rel(1);
      final RecordQuery query = rel.query();
      final RecordAdapter adapter = rel.table().adapter();
      if (query.isAggregated() || query.isSortedOrLimited() || aggregate.getGroupSets().size() != 1) {
        return;
      }
      final List<RecordColumn> keys = new ArrayList<>();
      for (int k : aggregate.getGroupSet()) {
        final RecordColumn c = query.columnOf(k);
        if (c == null || !adapter.canGroupBy(c)) {
          return;
        }
        keys.add(c);
      }
      if (!adapter.canGroupBy(query, keys)) {
        return;
      }
      final Set<String> taken = new HashSet<>();
      query.columns().forEach(c -> taken.add(c.id()));
      final List<Agg> aggs = new ArrayList<>();
      for (AggregateCall c : aggregate.getAggCallList()) {
        final Agg agg = agg(c, query, adapter, alias(aggs.size(), taken));
        if (agg == null) {
          return;
        }
        aggs.add(agg);
      }
      call.transformTo(rel.with(query.withAggregate(keys, aggs), aggregate.getRowType()));
    }

    private static @Nullable Agg agg(AggregateCall call, RecordQuery query, RecordAdapter adapter, String alias) {
      if (call.isDistinct() || call.distinctKeys != null || call.hasFilter() || call.isApproximate()
          || !call.getCollation().getFieldCollations().isEmpty() || call.getArgList().size() > 1) {
        return null;
      }
      final Agg.Function function = switch (call.getAggregation().getKind()) {
        case COUNT -> Agg.Function.COUNT;
        case SUM -> Agg.Function.SUM;
        case AVG -> Agg.Function.AVG;
        case MIN -> Agg.Function.MIN;
        case MAX -> Agg.Function.MAX;
        default -> null;
      };
      if (function == null || (call.getArgList().isEmpty() && function != Agg.Function.COUNT)) {
        return null;
      }
      final RecordColumn column = call.getArgList().isEmpty() ? null : query.columnOf(call.getArgList().get(0));
      if (!call.getArgList().isEmpty() && column == null || !adapter.canAggregate(query.table(), function, column)) {
        return null;
      }
      return new Agg(function, column, alias);
    }

    /** A name for the {@code i}th aggregate that no field of the table has. */
    private static String alias(int i, Set<String> taken) {
      String alias = "agg_" + i;
      while (!taken.add(alias)) {
        alias = "_" + alias;
      }
      return alias;
    }
  }

  /** Pushes ORDER BY whose keys the API sorts as SQL does, and OFFSET/FETCH literals. */
  static final class SortRule extends RelRule<RuleConfig> {
    SortRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalSort sort = call.rel(0);
      final RecordRel rel = call.rel(1);
      final RecordQuery query = rel.query();
      if (query.isSortedOrLimited()) {
        return;
      }
      final List<RecordQuery.SortKey> keys = new ArrayList<>();
      for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
        if (!RuleConfig.nullsHigh(c) || !rel.table().adapter().canSort(query.outputs().get(c.getFieldIndex()))) {
          return;
        }
        keys.add(new RecordQuery.SortKey(c.getFieldIndex(), c.direction == RelFieldCollation.Direction.DESCENDING));
      }
      final Long offset = literal(sort.offset);
      final Long fetch = literal(sort.fetch);
      if (sort.offset != null && offset == null || sort.fetch != null && fetch == null) {
        return;
      }
      call.transformTo(rel.with(query.withSort(keys, offset == null ? 0 : offset, fetch), sort.getRowType())
          .copy(rel.getTraitSet().replace(sort.getCollation()), List.of()));
    }

    private static @Nullable Long literal(@Nullable RexNode node) {
      return node instanceof RexLiteral l ? l.getValueAs(Long.class) : null;
    }
  }

  /** Makes the physical operator that sends the request and streams its rows. */
  static final class ToEnumerableRule extends ConverterRule {
    ToEnumerableRule(Config config) {
      super(config);
    }

    @Override public RelNode convert(RelNode rel) {
      final RecordRel r = (RecordRel) rel;
      return new RecordToEnumerable(r.getCluster(), r.getTraitSet().replace(EnumerableConvention.INSTANCE), r);
    }
  }
}
