package io.statxplore.core.cube;

import org.apache.calcite.sql.SqlKind;

/**
 * What a measure column holds per cell, which SQL aggregate the API computes for it, and
 * whether cells may be summed.
 */
public enum MeasureFunction {
  /** A count of records (people, households, claims). */
  COUNT(SqlKind.SUM, true),
  /** A sum of a record-level amount. */
  SUM(SqlKind.SUM, true),
  /** A mean of a record-level amount: {@code AVG} over cells means the API's mean over their records. */
  MEAN(SqlKind.AVG, false),
  /** A median: no SQL aggregate maps to it, so it can be read per cell only. */
  MEDIAN(null, false),
  /** Any other statistic the API computes; readable per cell only. */
  OTHER(null, false);

  private final SqlKind aggregate;
  private final boolean additive;

  MeasureFunction(SqlKind aggregate, boolean additive) {
    this.aggregate = aggregate;
    this.additive = additive;
  }

  /** The SQL aggregate whose pushdown asks the API for this measure, or null if none. */
  public SqlKind aggregate() {
    return aggregate;
  }

  /** Whether a sum of cells is meaningful (though, under perturbation, not the API's total). */
  public boolean additive() {
    return additive;
  }
}
