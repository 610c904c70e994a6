package io.statxplore.core.record;

import io.statxplore.core.engine.Execution;
import io.statxplore.core.engine.Runner;
import io.statxplore.core.engine.Runners;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

/**
 * What a compiled plan calls to run one record query: sends it when rows are first asked for
 * and streams them, converted to the plan's column types, stopping when the statement is
 * cancelled. Within one execution the request is sent at most once ({@link Execution}).
 */
public final class RecordRunner implements Runner {
  private final RecordAdapter adapter;
  private final RecordQuery query;
  private final List<SqlTypeName> types;

  RecordRunner(RecordAdapter adapter, RecordQuery query, List<SqlTypeName> types) {
    this.adapter = adapter;
    this.query = query;
    this.types = List.copyOf(types);
  }

  @Override public Enumerable<Object[]> run(DataContext root) {
    final CallScope scope = Runners.scope(root);
    return Execution.rows(root, List.of(adapter, query, types), "table " + query.table().name(),
        () -> new Rows(adapter.execute(query, scope), scope));
  }

  /** Rows of one answer, converted. */
  private final class Rows implements Execution.Rows {
    private final RecordCursor cursor;
    private final CallScope scope;

    Rows(RecordCursor cursor, CallScope scope) {
      this.cursor = cursor;
      this.scope = scope;
    }

    @Override public Object @Nullable [] next() {
      try {
        if (scope.isCancelled()) {
          throw new ApiException(ApiErrorKind.CANCELLED, "Statement cancelled");
        }
        final Object[] raw = cursor.next();
        if (raw == null) {
          cursor.close();
          return null;
        }
        final Object[] row = new Object[types.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = RecordValues.convert(raw[i], types.get(i));
        }
        return row;
      } catch (RuntimeException e) {
        cursor.close();
        throw e;
      }
    }

    @Override public void close() {
      cursor.close();
    }
  }
}
