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
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlExplainLevel;

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

  /** The operators the API computes, bottom up. */
  List<CubeRel> stack() {
    return stack;
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

  /** Whether the API orders or cuts the cells: nothing is pushed above that. */
  boolean isSorted() {
    return top() instanceof CubeSort;
  }

  CubeCapabilities capabilities() {
    return table.adapter().capabilities();
  }

  /** The table column behind output column {@code i}, for queries without an aggregate. */
  ColumnMeta columnOf(int i) {
    return builder().tableColumn(i);
  }

  /** {@code rel} as its digest with attributes, to compare operators below an aggregate. */
  static String explain(RelNode rel) {
    return RelOptUtil.toString(rel, SqlExplainLevel.DIGEST_ATTRIBUTES);
  }

  /** Where the aggregate is in the stack, or -1. */
  int aggregateIndex() {
    for (int i = 0; i < stack.size(); i++) {
      if (stack.get(i) instanceof CubeAggregate) {
        return i;
      }
    }
    return -1;
  }

  /** This query with {@code rel} (over the same input) at position {@code k} of the stack. */
  CubeQueryRel replacing(int k, CubeRel rel) {
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
