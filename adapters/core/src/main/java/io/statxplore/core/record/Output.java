package io.statxplore.core.record;

/** A value of an answer row: a table column, or an aggregate of a grouped query. */
public sealed interface Output permits RecordColumn, Agg { }
