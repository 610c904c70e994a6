package io.statxplore.core.engine;

import static java.util.Objects.requireNonNull;

/**
 * Whether the driver may aggregate an API's cells itself when a query cannot be sent as one
 * aggregate, in the API's own words. Whatever the API's figures, a statistic of the records of
 * each cell (a mean, a median) is never combined across cells: that does not give the statistic
 * of the combined records.
 *
 * @param mode what the driver may do with additive figures (counts, sums)
 * @param reason why, as a sentence about the API's figures, quoted in warnings and refusals
 *     (e.g. {@code The API perturbs each cell for disclosure control})
 */
public record LocalAggregation(Mode mode, String reason) {
  /** What the driver may do with additive figures. */
  public enum Mode {
    /** Each cell is perturbed: a local sum is allowed with a warning, since it is not the API's figure. */
    PERTURBED,
    /** The figures are exact: a local sum is the true figure, and needs no warning. */
    EXACT,
    /** The API's terms or its figures forbid combining cells: the query is refused. */
    NEVER
  }

  /** Stat-Xplore's disclosure control, and any API that perturbs each cell. */
  public static final LocalAggregation PERTURBED =
      new LocalAggregation(Mode.PERTURBED, "The API perturbs each cell for disclosure control");

  public LocalAggregation {
    requireNonNull(mode, "mode");
    requireNonNull(reason, "reason");
  }
}
