/**
 * The record path, for APIs that answer rows with ordinary SQL semantics (OpenDataSoft,
 * OpenSpending): what a record adapter implements ({@link io.statxplore.core.record.RecordAdapter},
 * {@link io.statxplore.core.record.RecordQuery} and its predicates and aggregates), the rules that
 * push filters, projections, grouping, order and limits into one {@code RecordQuery}, and the
 * runner that streams its rows.
 */
package io.statxplore.core.record;
