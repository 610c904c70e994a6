package io.statxplore.core.cube;

/**
 * What a measure column holds per cell, and whether cells may be summed. Which SQL aggregate an
 * API computes for each is the API's to say ({@link CubeCapabilities#aggregates()}).
 */
public enum MeasureFunction {
  /** A count of records (people, households, claims). */
  COUNT(true),
  /** A sum of a record-level amount. */
  SUM(true),
  /** A mean of a record-level amount: {@code AVG} over cells means the API's mean over their records. */
  MEAN(false),
  /** A median: no SQL aggregate maps to it, so it can be read per cell only. */
  MEDIAN(false),
  /** Any other statistic the API computes; readable per cell only. */
  OTHER(false);

  private final boolean additive;

  MeasureFunction(boolean additive) {
    this.additive = additive;
  }

  /** Whether a sum of cells is meaningful (though, under perturbation, not the API's total). */
  public boolean additive() {
    return additive;
  }
}
