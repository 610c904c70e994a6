package io.statxplore.core.cube;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a plan one API request computes: a stack of {@link CubeRel} operators over a
 * {@link CubeTableScan}, each the input of the next.
 *
 * <p>It is a logical leaf ({@link Convention#NONE}), so that rules see it under every logical
 * operator of the same equivalence set, and {@link CubeRules#TO_ENUMERABLE} turns the final one
 * into the physical {@link CubeToEnumerable}. A custom convention would hide a query extended by
 * one rule (say, a filter) from the rule for the operator above it (say, an aggregate).
 */
public final class CubeQueryRel extends AbstractRelNode {
  private final CubeTable table;
  private final List<CubeRel> stack;

  private CubeQueryRel(RelOptCluster cluster, RelTraitSet traits, CubeTable table, List<CubeRel> stack) {
    super(cluster, traits);
    this.table = table;
    this.stack = List.copyOf(stack);
  }

  /** A query reading the whole table. */
  public static CubeQueryRel scan(RelOptCluster cluster, RelOptTable relOptTable, CubeTable table) {
    final RelTraitSet traits = cluster.traitSetOf(Convention.NONE);
    return new CubeQueryRel(cluster, traits, table,
        List.of(new CubeTableScan(cluster, traits, relOptTable, table)));
  }

  /** This query with {@code rel}, whose input is {@link #top()}, computed by the API too. */
  CubeQueryRel extend(CubeRel rel) {
    if (rel.getInput(0) != top()) {
      throw new IllegalArgumentException("operator must read the top of the stack");
    }
    final List<CubeRel> extended = new ArrayList<>(stack);
    extended.add(rel);
    return new CubeQueryRel(getCluster(), getTraitSet(), table, extended);
  }

  public CubeTable table() {
    return table;
  }

  /** The operator whose output this query returns. */
  public CubeRel top() {
    return stack.get(stack.size() - 1);
  }

  /** Whether the API returns only leading cells: operators above cannot move below that. */
  boolean isPreview() {
    return stack.stream().anyMatch(r -> r instanceof CubePreview);
  }

  boolean isAggregated() {
    return stack.stream().anyMatch(r -> r instanceof CubeAggregate);
  }

  /** The table column behind output column {@code i}, for queries without an aggregate. */
  ColumnMeta columnOf(int i) {
    return builder().tableColumn(i);
  }

  /**
   * This query giving also the rows of {@code other}, when the two differ only in the grouping
   * sets of their aggregate: the other's sets are given again. Null when they differ otherwise.
   */
  @Nullable CubeQueryRel repeating(CubeQueryRel other) {
    final int k = aggregateIndex();
    if (other.table != table || other.stack.size() != stack.size() || k < 0 || isPreview()
        || !(other.stack.get(k) instanceof CubeAggregate theirs)) {
      return null;
    }
    final CubeAggregate ours = (CubeAggregate) stack.get(k);
    if (!explain(ours.getInput()).equals(explain(theirs.getInput()))) {
      return null;
    }
    // The other query with this one's aggregate in place of its own must be this query.
    final CubeQueryRel aligned = other.replacing(k, (CubeRel) ours.copy(ours.getTraitSet(), List.of(theirs.getInput())));
    if (!aligned.getDigest().equals(getDigest())) {
      return null;
    }
    final List<ImmutableBitSet> sets = new ArrayList<>(theirs.getGroupSets());
    sets.addAll(theirs.repeated());
    return replacing(k, ours.repeating(ours.getInput(), sets));
  }

  /**
   * This query giving also the rows of {@code projects} over {@code other}, when those are the
   * rows of one grouping set of this query's keys: {@code other} aggregates by that set alone, and
   * {@code projects} lay its columns out as this query's, with nulls for the keys the set leaves
   * out and the set's GROUPING values. That is how Calcite writes a grouping set given twice
   * that leaves out keys. Null otherwise.
   */
  @Nullable CubeQueryRel repeating(CubeQueryRel other, List<RexNode> projects) {
    final int k = aggregateIndex();
    // Above this query's aggregate there may be a projection of its columns, in select order.
    if (other.table != table || k < 0 || isPreview() || other.stack.size() != k + 1
        || stack.size() > k + 2 || stack.size() == k + 2 && !(top() instanceof CubeProject)
        || !(other.top() instanceof CubeAggregate theirs) || theirs.getGroupSets().size() != 1
        || !theirs.repeated().isEmpty() || projects.size() != getRowType().getFieldCount()) {
      return null;
    }
    final CubeAggregate ours = (CubeAggregate) stack.get(k);
    final ImmutableBitSet set = theirs.getGroupSet();
    if (!ours.getGroupSet().contains(set) || !explain(ours.getInput()).equals(explain(theirs.getInput()))) {
      return null;
    }
    final List<Integer> keys = ours.getGroupSet().asList();
    final List<Integer> theirKeys = set.asList();
    for (int j = 0; j < projects.size(); j++) {
      final RexNode p = projects.get(j);
      final int field = k == stack.size() - 1 ? j : ((RexInputRef) ((CubeProject) top()).getProjects().get(j)).getIndex();
      final boolean same;
      if (field < keys.size()) {
        final int at = theirKeys.indexOf(keys.get(field));
        same = at >= 0 ? isRef(p, at) : RexLiteral.isNullLiteral(p);
      } else {
        final AggregateCall call = ours.getAggCallList().get(field - keys.size());
        final int at = p instanceof RexInputRef ref ? ref.getIndex() - theirKeys.size() : -1;
        same = at >= 0 ? sameCall(call, theirs.getAggCallList().get(at))
            : call.getAggregation().getKind() == SqlKind.GROUPING && p instanceof RexLiteral literal
                && Long.valueOf(grouping(call, set)).equals(literal.getValueAs(Long.class));
      }
      if (!same) {
        return null;
      }
    }
    return replacing(k, ours.repeating(ours.getInput(), List.of(set)));
  }

  private static boolean isRef(RexNode node, int index) {
    return node instanceof RexInputRef ref && ref.getIndex() == index;
  }

  private static boolean sameCall(AggregateCall a, AggregateCall b) {
    return a.getAggregation().equals(b.getAggregation()) && a.getArgList().equals(b.getArgList())
        && a.isDistinct() == b.isDistinct() && a.filterArg == b.filterArg;
  }

  /** The value of {@code GROUPING(...)} in the rows of grouping set {@code set}. */
  private static long grouping(AggregateCall call, ImmutableBitSet set) {
    long bits = 0;
    for (int arg : call.getArgList()) {
      bits = (bits << 1) | (set.get(arg) ? 0 : 1);
    }
    return bits;
  }

  private static String explain(RelNode rel) {
    return RelOptUtil.toString(rel, SqlExplainLevel.DIGEST_ATTRIBUTES);
  }

  private int aggregateIndex() {
    for (int i = 0; i < stack.size(); i++) {
      if (stack.get(i) instanceof CubeAggregate) {
        return i;
      }
    }
    return -1;
  }

  /** This query with {@code rel} (over the same input) at position {@code k} of the stack. */
  private CubeQueryRel replacing(int k, CubeRel rel) {
    final List<CubeRel> rebuilt = new ArrayList<>(stack.subList(0, k));
    rebuilt.add(rel);
    for (CubeRel above : stack.subList(k + 1, stack.size())) {
      rebuilt.add((CubeRel) above.copy(above.getTraitSet(), List.of(rebuilt.get(rebuilt.size() - 1))));
    }
    return new CubeQueryRel(getCluster(), getTraitSet(), table, rebuilt);
  }

  /** A builder that has seen the whole stack. */
  CubeQueryBuilder builder() {
    final CubeQueryBuilder builder = new CubeQueryBuilder();
    stack.forEach(r -> r.implement(builder));
    return builder;
  }

  @Override protected RelDataType deriveRowType() {
    return top().getRowType();
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CubeQueryRel(getCluster(), traitSet, table, stack);
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return mq.getRowCount(top());
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("query", explain(top()).strip());
  }

  /**
   * Adds the pushdown rules. Removes the merge of an aggregate into the one below it: over API
   * cells, {@code SUM} of pushed {@code SUM}s is a sum of perturbed figures, which the merged
   * aggregate would silently replace by the API's own total of a different query.
   */
  @Override public void register(RelOptPlanner planner) {
    CubeRules.RULES.forEach(planner::addRule);
    planner.removeRule(CoreRules.AGGREGATE_MERGE);
  }
}
