package io.statxplore.core.record;

import java.util.List;

/**
 * A row predicate in neutral form, for an adapter to render in its API's filter language.
 * Comparison values are {@link String}, {@link Long}, {@link Double}, {@link Boolean},
 * {@link java.time.LocalDate} or {@link java.time.LocalDateTime} (UTC).
 */
public sealed interface Pred {
  /** Comparison operators. */
  enum Op { EQ, NE, LT, LE, GT, GE }

  /** {@code column op value}; false when the column is null. */
  record Compare(RecordColumn column, Op op, Object value) implements Pred { }

  /** {@code column IS NULL}, or {@code IS NOT NULL} when negated. */
  record IsNull(RecordColumn column, boolean negated) implements Pred { }

  /** {@code column LIKE 'prefix%'}. */
  record StartsWith(RecordColumn column, String prefix) implements Pred { }

  /** All of the operands. */
  record And(List<Pred> operands) implements Pred { }

  /** Any of the operands. */
  record Or(List<Pred> operands) implements Pred { }

  /** SQL {@code NOT} of a comparison or prefix test: the column is not null and the test fails. */
  record Not(Pred operand) implements Pred { }
}
