package io.statxplore.core.cube;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

import java.util.List;

/**
 * The first {@code rows} cells of the answer in the API's own order: a {@code LIMIT} without
 * {@code ORDER BY} (a preview, such as a SQL client's data tab) asks only for the leading items
 * of each field that those cells need. The {@code LIMIT} itself stays in Calcite.
 */
public final class CubePreview extends SingleRel implements CubeRel {
  private final long rows;

  CubePreview(RelOptCluster cluster, RelTraitSet traits, RelNode input, long rows) {
    super(cluster, traits, input);
    this.rows = rows;
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CubePreview(getCluster(), traitSet, sole(inputs), rows);
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return Math.min(rows, mq.getRowCount(getInput()));
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("rows", rows);
  }

  @Override public void implement(CubeQueryBuilder builder) {
    builder.preview(rows);
  }
}
