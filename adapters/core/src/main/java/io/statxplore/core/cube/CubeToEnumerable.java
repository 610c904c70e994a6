package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlExplainLevel;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The physical operator that sends an {@link CubeQueryRel}'s one request and streams the answer as
 * rows. It is a leaf: the operators the API computes live in the query's stack.
 *
 * <p>It also carries what {@link io.statxplore.core.engine.LocalAggregationPolicy} found in the
 * plan around it: warnings to report, or the reason the query must be refused.
 */
public final class CubeToEnumerable extends AbstractRelNode implements EnumerableRel {
  private final CubeQueryRel query;
  private final List<String> warnings;
  private final @Nullable String refusal;

  CubeToEnumerable(RelOptCluster cluster, RelTraitSet traits, CubeQueryRel query, List<String> warnings,
      @Nullable String refusal) {
    super(cluster, traits);
    this.query = query;
    this.warnings = List.copyOf(warnings);
    this.refusal = refusal;
  }

  public CubeQueryRel query() {
    return query;
  }

  /** A copy carrying the policy's verdict: warnings, and a refusal if the query must fail. */
  public CubeToEnumerable withVerdict(List<String> newWarnings, @Nullable String newRefusal) {
    return new CubeToEnumerable(getCluster(), traitSet, query, newWarnings, newRefusal);
  }

  /**
   * The measure column whose raw cells output column {@code i} carries: a measure read at the
   * finest grain, not aggregated by the API. Null for dimensions and API aggregates.
   */
  public @Nullable ColumnMeta cellColumn(int i) {
    if (query.isAggregated()) {
      return null;
    }
    final ColumnMeta c = query.columnOf(i);
    return c == null || c.isDimension() ? null : c;
  }

  @Override protected RelDataType deriveRowType() {
    return query.getRowType();
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CubeToEnumerable(getCluster(), traitSet, query, warnings, refusal);
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return query.estimateRowCount(mq);
  }

  /**
   * Rows weighted by width, because Volcano compares row counts only: of two equivalent
   * requests the one with fewer columns asks the API for fewer measures and classifications.
   */
  @Override public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    final double rows = estimateRowCount(mq) * (1 + 0.1 * getRowType().getFieldCount());
    return planner.getCostFactory().makeCost(rows, rows, rows);
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    super.explainTerms(pw).item("table", query.table().meta().name());
    // The digest must not build the request: that may fetch item lists during planning.
    if (pw.getDetailLevel() == SqlExplainLevel.DIGEST_ATTRIBUTES) {
      return pw.item("query", query.getDigest());
    }
    final CubeQueryBuilder builder = query.builder();
    pw.item("request", builder.hasParameters()
        ? "built when the statement runs, from its parameters"
        : query.table().adapter().explain(builder.build()));
    pw.itemIf("warnings", warnings, !warnings.isEmpty());
    return pw.itemIf("refused", refusal, refusal != null);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    if (refusal != null) {
      throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, refusal);
    }
    final PhysType physType =
        PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.prefer(JavaRowFormat.ARRAY));
    final CubeQueryBuilder builder = query.builder();
    // Built now even when parameters change it, so that an impossible request fails at prepare.
    final CubeQuery planned = builder.build();
    final List<String> notes = new ArrayList<>(warnings);
    notes.addAll(builder.notes());
    final CubeRunner runner = new CubeRunner(query.table().adapter(),
        builder.hasParameters() ? builder::build : parameters -> planned, notes);
    final Expression rows = Expressions.call(implementor.stash(runner, CubeRunner.class), "run",
        implementor.getRootExpression());
    return implementor.result(physType, Blocks.toBlock(physType.getFormat() == JavaRowFormat.SCALAR
        ? Expressions.call(CubeRunner.class, "scalars", rows) : rows));
  }
}
