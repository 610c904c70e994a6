package io.statxplore.core.cube;

import io.statxplore.core.engine.RuleConfig;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Rules that move operators into an {@link CubeQueryRel} when the API computes them exactly, and the
 * rule that makes the final query physical. An operator a rule declines stays in Calcite.
 */
public final class CubeRules {
  private CubeRules() {
  }

  /** Pushes the conjuncts of a WHERE that the API can evaluate as item selections. */
  public static final RelOptRule FILTER = over(LogicalFilter.class, "CubeFilterRule", FilterRule::new);

  public static final RelOptRule PROJECT = over(LogicalProject.class, "CubeProjectRule", ProjectRule::new);

  public static final RelOptRule AGGREGATE =
      over(LogicalAggregate.class, "CubeAggregateRule", AggregateRule::new);

  /**
   * Pushes GROUP BY expressions over one dimension's columns ({@code CASE}, {@code IN}-lists) with
   * the aggregate: the items that share a value become one group, which the API aggregates. Other
   * expressions over dimension columns group the API's sums by those columns.
   */
  public static final RelOptRule GROUP = RuleConfig.of("CubeGroupRule",
      b -> b.operand(LogicalAggregate.class).oneInput(
          p -> p.operand(LogicalProject.class).oneInput(q -> q.operand(CubeQueryRel.class).noInputs())),
      GroupRule::new).toRule();

  /** Turns a logical {@link CubeQueryRel} into the physical {@link CubeToEnumerable}. */
  public static final RelOptRule TO_ENUMERABLE = ConverterRule.Config.INSTANCE
      .withConversion(CubeQueryRel.class, Convention.NONE, EnumerableConvention.INSTANCE,
          "CubeToEnumerableRule")
      .withRuleFactory(ToEnumerableRule::new)
      .toRule();

  /** Asks only for the cells a {@code LIMIT} without {@code ORDER BY} keeps. */
  public static final RelOptRule PREVIEW = over(LogicalSort.class, "CubePreviewRule", PreviewRule::new);

  /** Pushes ORDER BY, OFFSET and LIMIT to an API that sorts or pages. */
  public static final RelOptRule SORT = over(LogicalSort.class, "CubeSortRule", SortRule::new);

  /**
   * Answers {@code UNION ALL} of two queries that differ only in their grouping sets with one
   * request: Calcite rewrites a grouping set given twice into such a union.
   */
  public static final RelOptRule UNION = RuleConfig.of("CubeUnionRule",
      b -> b.operand(LogicalUnion.class).predicate(u -> u.all && u.getInputs().size() == 2)
          .inputs(q -> q.operand(CubeQueryRel.class).noInputs(), q -> q.operand(CubeQueryRel.class).noInputs()),
      UnionRule::new).toRule();

  /** The same, when Calcite has left keys out of the repeated set's aggregate and projects nulls for them. */
  public static final RelOptRule UNION_PROJECTED = RuleConfig.of("CubeUnionProjectedRule",
      b -> b.operand(LogicalUnion.class).predicate(u -> u.all && u.getInputs().size() == 2)
          .inputs(q -> q.operand(CubeQueryRel.class).noInputs(),
              p -> p.operand(LogicalProject.class).oneInput(q -> q.operand(CubeQueryRel.class).noInputs())),
      UnionRule::new).toRule();

  public static final List<RelOptRule> RULES =
      List.of(FILTER, PROJECT, AGGREGATE, GROUP, PREVIEW, SORT, UNION, UNION_PROJECTED, TO_ENUMERABLE);

  /** A rule matching {@code operator} directly over an {@link CubeQueryRel}. */
  private static RelOptRule over(Class<? extends RelNode> operator, String description,
      Function<RuleConfig, RelOptRule> factory) {
    return RuleConfig.over(operator, CubeQueryRel.class, description, factory);
  }

  /** Splits a filter into what the API evaluates and a residual that stays in Calcite. */
  static final class FilterRule extends RelRule<RuleConfig> {
    FilterRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalFilter filter = call.rel(0);
      final CubeQueryRel query = call.rel(1);
      if (query.isAggregated() || query.isPreview() || query.isSorted()) {
        return;
      }
      final CubeCapabilities capabilities = query.capabilities();
      final List<RexNode> pushed = new ArrayList<>();
      final List<RexNode> residual = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
        if (ItemPredicate.isPushable(conjunct, query::columnOf)
            && capabilities.takes(ItemPredicate.shape(conjunct))) {
          pushed.add(conjunct);
        } else {
          ItemPredicate.checkConversions(conjunct, query::columnOf, query.table().meta());
          residual.add(conjunct);
        }
      }
      if (pushed.isEmpty()) {
        return;
      }
      final RexNode condition = RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), pushed);
      final CubeQueryRel extended = query.extend(
          new CubeFilter(filter.getCluster(), query.getTraitSet(), query.top(), condition));
      call.transformTo(call.builder().push(extended).filter(residual).build());
    }
  }

  /**
   * Pushes a projection of columns. A projection that computes expressions pushes the columns it
   * reads, so rows carry (and the API computes) only the measures the query needs.
   */
  static final class ProjectRule extends RelRule<RuleConfig> {
    ProjectRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalProject project = call.rel(0);
      final CubeQueryRel query = call.rel(1);
      if (query.isSorted()) {
        return;
      }
      if (project.getProjects().stream().allMatch(p -> p instanceof RexInputRef)) {
        call.transformTo(query.extend(new CubeProject(project.getCluster(), query.getTraitSet(),
            query.top(), project.getProjects(), project.getRowType())));
        return;
      }
      final ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
      if (used.cardinality() >= query.getRowType().getFieldCount()) {
        return;
      }
      final List<Integer> kept = used.asList();
      final List<RexNode> above = RuleConfig.remap(project.getProjects(), kept);
      call.transformTo(call.builder().push(narrow(query, kept))
          .project(above, project.getRowType().getFieldNames()).build());
    }
  }

  /** Merges the two queries of a {@code UNION ALL} whose rows one request gives. */
  static final class UnionRule extends RelRule<RuleConfig> {
    UnionRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalUnion union = call.rel(0);
      final CubeQueryRel first = call.rel(1);
      final RelNode input = call.rel(2);
      final CubeQueryRel[] candidates = input instanceof LogicalProject project
          ? new CubeQueryRel[] {GroupingSetMerge.merge(first, call.rel(3), project.getProjects())}
          // Either way round: the query kept must have the union's types (a rolled-up key is nullable).
          : new CubeQueryRel[] {GroupingSetMerge.merge(first, (CubeQueryRel) input),
              GroupingSetMerge.merge((CubeQueryRel) input, first)};
      for (CubeQueryRel merged : candidates) {
        if (merged != null && RelOptUtil.areRowTypesEqual(merged.getRowType(), union.getRowType(), false)) {
          call.transformTo(merged);
          return;
        }
      }
    }
  }

  /** {@code query} with {@code aggregate}, whose input its rows are, computed by the API too. */
  private static CubeQueryRel aggregated(CubeQueryRel query, Aggregate aggregate) {
    return query.extend(new CubeAggregate(aggregate.getCluster(), query.getTraitSet(), query.top(),
        aggregate.getGroupSet(), aggregate.getGroupSets(), aggregate.getAggCallList(), List.of()));
  }

  /** {@code query} returning only the columns {@code kept}, in that order. */
  private static CubeQueryRel narrow(CubeQueryRel query, List<Integer> kept) {
    final List<RexNode> refs = new ArrayList<>();
    kept.forEach(i -> refs.add(RexInputRef.of(i, query.getRowType())));
    return query.extend(new CubeProject(query.getCluster(), query.getTraitSet(), query.top(), refs,
        RexUtil.createStructType(query.getCluster().getTypeFactory(), refs,
            kept.stream().map(i -> query.getRowType().getFieldNames().get(i)).toList(), null)));
  }

  /**
   * Pushes GROUP BY on dimension columns whose aggregates the API computes for the measures.
   * An aggregate it cannot push reads only the columns it needs from the API, so the request
   * asks for no more measures and classifications than the query uses.
   */
  static final class AggregateRule extends RelRule<RuleConfig> {
    AggregateRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalAggregate aggregate = call.rel(0);
      final CubeQueryRel query = call.rel(1);
      if (query.isAggregated() || query.isSorted()) {
        return;
      }
      if (pushable(aggregate, query) && !query.isPreview()) {
        call.transformTo(aggregated(query, aggregate));
        return;
      }
      final int width = query.getRowType().getFieldCount();
      final List<Integer> used = List.copyOf(new TreeSet<>(RelOptUtil.getAllFields(aggregate)));
      // COUNT(*) reads no column, but a row needs one to exist.
      final List<Integer> kept = used.isEmpty() ? List.of(0) : used;
      if (kept.size() >= width) {
        return;
      }
      final Map<Integer, Integer> positions = new HashMap<>();
      kept.forEach(i -> positions.put(i, positions.size()));
      final Mappings.TargetMapping mapping = Mappings.target(positions, width, kept.size());
      call.transformTo(aggregate.copy(aggregate.getTraitSet(), narrow(query, kept),
          aggregate.getGroupSet().permute(positions),
          aggregate.getGroupSets().stream().map(set -> set.permute(positions)).toList(),
          aggregate.getAggCallList().stream().map(c -> c.transform(mapping)).toList()));
    }

    static boolean pushable(LogicalAggregate aggregate, CubeQueryRel query) {
      final CubeTableMeta table = query.table().meta();
      final CubeCapabilities capabilities = query.capabilities();
      final CubeQueryBuilder builder = query.builder();
      final Map<DimensionMeta, Boolean> grouped = new HashMap<>();
      for (int key : aggregate.getGroupSet()) {
        final DimensionMeta d = builder.groupedDimension(key);
        // An expression's groups cannot also be split by the items of its own dimension.
        if (d == null || grouped.getOrDefault(d, builder.isDerived(key)) != builder.isDerived(key)) {
          return false;
        }
        grouped.put(d, builder.isDerived(key));
      }
      if (capabilities.totals() == CubeCapabilities.Totals.NONE
          && aggregate.getGroupSets().stream().anyMatch(set -> !set.equals(aggregate.getGroupSet()))) {
        return false;
      }
      if (!capabilities.takes(CubeCapabilities.FilterShape.GROUPED_ITEMS)
          && builder.needsGroupedItems(grouped.keySet())) {
        return false;
      }
      for (AggregateCall call : aggregate.getAggCallList()) {
        if (call.isDistinct() || call.distinctKeys != null || call.hasFilter()
            || !call.getCollation().getFieldCollations().isEmpty()) {
          return false;
        }
        final SqlKind kind = call.getAggregation().getKind();
        if (kind == SqlKind.GROUPING) {
          if (!aggregate.getGroupSet().contains(ImmutableBitSet.of(call.getArgList()))) {
            return false;
          }
          continue;
        }
        if (call.getArgList().size() != 1) {
          return false;
        }
        final ColumnMeta c = builder.tableColumn(call.getArgList().get(0));
        if (c == null || c.isDimension() || !computes(capabilities.aggregate(table.measureOf(c).function()), kind)) {
          return false;
        }
      }
      return true;
    }

    private static boolean computes(@Nullable SqlKind expected, SqlKind kind) {
      return expected != null && (kind == expected || (kind == SqlKind.SUM0 && expected == SqlKind.SUM));
    }
  }

  /**
   * Pushes an aggregate with the projection below it, where the projection computes group keys
   * over one dimension's columns that {@link ItemPredicate} evaluates per item and the API takes
   * groups of items. Otherwise, where every call is a SUM of a measure the API sums (or GROUPING),
   * splits the aggregate into the API's sums by the dimension columns the keys read and Calcite's
   * sums of those, a sum of sums being the sum of the cells: far fewer figures than the cells at
   * the finest grain, each the API's own, and the local sum is still warned of. Any other
   * aggregate (COUNT, MIN, AVG of a mean) would change its answer, so it stays over the cells.
   */
  static final class GroupRule extends RelRule<RuleConfig> {
    GroupRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalAggregate aggregate = call.rel(0);
      final LogicalProject project = call.rel(1);
      final CubeQueryRel query = call.rel(2);
      final List<RexNode> projects = project.getProjects();
      final ImmutableBitSet computed = ImmutableBitSet.of(IntStream.range(0, projects.size())
          .filter(i -> !(projects.get(i) instanceof RexInputRef)).toArray());
      if (query.isAggregated() || query.isSorted() || query.isPreview() || computed.isEmpty()) {
        return;
      }
      final RelNode exact = grouped(aggregate, project, query, computed);
      final RelNode pushed = exact != null ? exact : regrouped(call.builder(), aggregate, project, query);
      if (pushed != null) {
        call.transformTo(pushed);
      }
    }

    /** The aggregate pushed with its expressions as groups of items, or null if the API cannot take it. */
    private static @Nullable RelNode grouped(LogicalAggregate aggregate, LogicalProject project, CubeQueryRel query,
        ImmutableBitSet computed) {
      final List<RexNode> projects = project.getProjects();
      if (!query.capabilities().takes(CubeCapabilities.FilterShape.GROUPED_ITEMS)
          || !aggregate.getGroupSet().contains(computed)
          || aggregate.getAggCallList().stream().anyMatch(c -> c.getArgList().stream().anyMatch(computed::get))) {
        return null;
      }
      for (int i : computed) {
        if (!ItemPredicate.isPushable(projects.get(i), query::columnOf)
            || !ItemPredicate.hasRowValue(projects.get(i).getType())) {
          return null;
        }
      }
      final CubeQueryRel projected = query.extend(new CubeProject(project.getCluster(), query.getTraitSet(),
          query.top(), projects, project.getRowType()));
      return AggregateRule.pushable(aggregate, projected) ? aggregated(projected, aggregate) : null;
    }

    /** Calcite's sums over the API's sums by the dimension columns the keys read, or null where that is wrong. */
    private static @Nullable RelNode regrouped(RelBuilder b, LogicalAggregate aggregate, LogicalProject project,
        CubeQueryRel query) {
      final List<RexNode> projects = project.getProjects();
      final ImmutableBitSet dimensions = RelOptUtil.InputFinder.bits(
          aggregate.getGroupSet().asList().stream().map(projects::get).toList(), null);
      if (dimensions.asList().stream().anyMatch(i -> query.columnOf(i) == null || !query.columnOf(i).isDimension())) {
        return null;
      }
      final List<Integer> measures = new ArrayList<>();
      for (AggregateCall c : aggregate.getAggCallList()) {
        final SqlKind kind = c.getAggregation().getKind();
        if (kind == SqlKind.GROUPING) {
          continue;
        }
        if (kind != SqlKind.SUM && kind != SqlKind.SUM0 || c.isDistinct() || c.distinctKeys != null || c.hasFilter()
            || c.getArgList().size() != 1 || !(projects.get(c.getArgList().get(0)) instanceof RexInputRef ref)
            || !sums(query, ref.getIndex())) {
          return null;
        }
        if (!measures.contains(ref.getIndex())) {
          measures.add(ref.getIndex());
        }
      }
      if (!dimensions.union(ImmutableBitSet.of(measures)).contains(RelOptUtil.InputFinder.bits(projects, null))) {
        return null;
      }
      final RelNode sums = b.push(query)
          .aggregate(b.groupKey(dimensions), measures.stream().map(m -> b.sum(b.field(m))).toList()).build();
      if (!(sums instanceof LogicalAggregate inner) || !AggregateRule.pushable(inner, query)) {
        return null;
      }
      final CubeQueryRel pushed = aggregated(query, inner);
      final List<Integer> positions = new ArrayList<>(dimensions.asList());
      positions.addAll(measures);
      return b.push(pushed).project(RuleConfig.remap(projects, positions), project.getRowType().getFieldNames(), true)
          .aggregate(b.groupKey(aggregate.getGroupSet(), aggregate.getGroupSets()), aggregate.getAggCallList())
          .convert(aggregate.getRowType(), false).build();
    }

    /** Whether the API's aggregate of the measure in column {@code i} is its sum. */
    private static boolean sums(CubeQueryRel query, int i) {
      final ColumnMeta c = query.columnOf(i);
      return c != null && !c.isDimension()
          && query.capabilities().aggregate(query.table().meta().measureOf(c).function()) == SqlKind.SUM;
    }
  }

  /**
   * Pushes the row count of a {@code LIMIT} without {@code ORDER BY} over cells (not aggregates):
   * the first rows in the API's order are then the same, from a much smaller request.
   */
  static final class PreviewRule extends RelRule<RuleConfig> {
    PreviewRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalSort sort = call.rel(0);
      final CubeQueryRel query = call.rel(1);
      if (!sort.getCollation().getFieldCollations().isEmpty() || !(sort.fetch instanceof RexLiteral fetch)
          || (sort.offset != null && !(sort.offset instanceof RexLiteral)) || query.isAggregated()
          || query.isPreview() || query.isSorted()
          || !query.capabilities().takes(CubeCapabilities.FilterShape.ITEM_SET)) {
        return;
      }
      final long rows = fetch.getValueAs(Long.class)
          + (sort.offset == null ? 0 : ((RexLiteral) sort.offset).getValueAs(Long.class));
      call.transformTo(sort.copy(sort.getTraitSet(), List.of(
          query.extend(new CubePreview(sort.getCluster(), query.getTraitSet(), query.top(), rows)))));
    }
  }

  /**
   * Pushes {@code ORDER BY} to an API that sorts, and {@code OFFSET}/{@code LIMIT} literals to
   * one that pages, when each cell is one row (one grouping set) and the cells come from one
   * request (no more measures than one request carries). An order the API cannot give keeps the
   * whole sort in Calcite; a cut it cannot make stays in Calcite over the sorted answer.
   */
  static final class SortRule extends RelRule<RuleConfig> {
    SortRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      final LogicalSort sort = call.rel(0);
      final CubeQueryRel query = call.rel(1);
      final CubeCapabilities capabilities = query.capabilities();
      if (!capabilities.sorts() && !capabilities.pages() || query.isSorted() || query.isPreview()) {
        return;
      }
      final CubeQueryBuilder builder = query.builder();
      if (builder.groupingSetCount() > 1 || builder.measureCount() > capabilities.measuresPerRequest()) {
        return;
      }
      final List<RelFieldCollation> keys = sort.getCollation().getFieldCollations();
      if (!keys.isEmpty() && !capabilities.sorts()) {
        return;
      }
      if (keys.stream().anyMatch(c -> !RuleConfig.nullsHigh(c) || !builder.sortable(c.getFieldIndex()))) {
        return;
      }
      final boolean cut = sort.offset != null || sort.fetch != null;
      final boolean pushCut = cut && capabilities.pages() && (sort.offset == null || sort.offset instanceof RexLiteral)
          && (sort.fetch == null || sort.fetch instanceof RexLiteral);
      if (keys.isEmpty() && !pushCut) {
        return;
      }
      final RelTraitSet traits = query.getTraitSet().replace(sort.getCollation());
      final CubeQueryRel sorted = (CubeQueryRel) query.extend(new CubeSort(sort.getCluster(), traits, query.top(),
          sort.getCollation(), pushCut ? sort.offset : null, pushCut ? sort.fetch : null)).copy(traits, List.of());
      call.transformTo(!cut || pushCut ? sorted
          : sort.copy(sort.getTraitSet(), sorted, sort.getCollation(), sort.offset, sort.fetch));
    }
  }

  /** Makes the physical operator that sends the request and streams its rows. */
  static final class ToEnumerableRule extends ConverterRule {
    ToEnumerableRule(Config config) {
      super(config);
    }

    @Override public RelNode convert(RelNode rel) {
      final CubeQueryRel query = (CubeQueryRel) rel;
      return new CubeToEnumerable(query.getCluster(),
          query.getTraitSet().replace(EnumerableConvention.INSTANCE), query, List.of(), null);
    }
  }
}
