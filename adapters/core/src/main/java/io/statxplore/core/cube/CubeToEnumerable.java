package io.statxplore.core.cube;

import io.statxplore.core.engine.CellSource;
import io.statxplore.core.engine.LocalAggregation;
import io.statxplore.core.engine.Runners;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
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
public final class CubeToEnumerable extends AbstractRelNode implements EnumerableRel, CellSource {
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

  @Override public CubeToEnumerable withVerdict(List<String> newWarnings, @Nullable String newRefusal) {
    return new CubeToEnumerable(getCluster(), traitSet, query, newWarnings, newRefusal);
  }

  /** A measure read at the finest grain (its cells), or the API's aggregate of one per group. */
  @Override public @Nullable Cells cells(int i) {
    final CubeQueryBuilder builder = query.builder();
    final String table = query.table().meta().name();
    final ColumnMeta aggregated = builder.aggregatedMeasure(i);
    final ColumnMeta c = aggregated != null ? aggregated : builder.tableColumn(i);
    if (c == null || c.isDimension()) {
      return null;
    }
    return new Cells(c.name(), query.table().meta().measureOf(c).function().additive(), aggregated == null
        ? "the cells of " + table + " at its finest grain" : "the API's figures for " + table + " " + builder.grain());
  }

  @Override public LocalAggregation localAggregation() {
    return query.table().adapter().capabilities().localAggregation();
  }

  @Override public String tableName() {
    return query.table().meta().name();
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
    final CubeQueryBuilder builder = query.builder();
    // Built now even when parameters change it, so that an impossible request fails at prepare.
    final CubeQuery planned = builder.build();
    final List<String> notes = new ArrayList<>(warnings);
    notes.addAll(builder.notes());
    final CubeRunner runner = new CubeRunner(query.table(),
        builder.hasParameters() ? builder::build : parameters -> planned, notes);
    return Runners.implement(implementor, getRowType(), pref, runner);
  }
}
