package io.statxplore.core.record;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An aggregate an API computes per group.
 *
 * @param function what it computes
 * @param column its argument, or null for {@code COUNT(*)}
 * @param alias a name for the value in the request and answer, unique in the query
 */
public record Agg(Function function, @Nullable RecordColumn column, String alias) implements Output {
  /** Aggregate functions with plain SQL semantics. */
  public enum Function { COUNT, SUM, AVG, MIN, MAX }
}
