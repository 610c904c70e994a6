package io.statxplore.core.engine;

import io.statxplore.core.http.CallScope;

import org.apache.calcite.DataContext;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The rows of a table function's call, such as a query the user wrote in the API's own
 * language: one request, sent when the statement runs and at most once per {@link Execution}.
 * An adapter says what identifies the request and how to send it; the planning is Calcite's.
 */
public abstract class FunctionTable extends AbstractTable implements TranslatableTable, ScannableTable {
  /** What identifies the request: equal keys share one answer within an execution. */
  protected abstract Object key();

  /** The request in messages, e.g. the file it was read from. */
  protected abstract String what();

  /** Sends the request within {@code scope} and streams its rows, checked against the row type. */
  protected abstract Execution.Rows open(CallScope scope);

  /** A table that is no schema's has no expression to generate code from; the interpreter scans it. */
  @Override public final RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return Bindables.BindableTableScan.create(context.getCluster(), relOptTable);
  }

  @Override public final Enumerable<@Nullable Object[]> scan(DataContext root) {
    final CallScope scope = Runners.scope(root);
    return Execution.rows(root, key(), what(), () -> open(scope));
  }
}
