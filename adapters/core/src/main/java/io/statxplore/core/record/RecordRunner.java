package io.statxplore.core.record;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a compiled plan calls to run one record query: sends it when rows are first asked for
 * and streams them, converted to the plan's column types, stopping when the statement is
 * cancelled. Each enumeration sends the request again.
 */
public final class RecordRunner {
  private final RecordAdapter adapter;
  private final RecordQuery query;
  private final List<SqlTypeName> types;

  RecordRunner(RecordAdapter adapter, RecordQuery query, List<SqlTypeName> types) {
    this.adapter = adapter;
    this.query = query;
    this.types = List.copyOf(types);
  }

  /** Called by generated code. */
  public Enumerable<Object[]> run(DataContext root) {
    final AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    final Long timeout = DataContext.Variable.TIMEOUT.get(root);
    final CallScope scope = CallScope.of(timeout == null ? 0 : timeout, cancelled);
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object[]> enumerator() {
        return new Rows(scope);
      }
    };
  }

  /** Rows of one answer; the request is sent on the first {@link #moveNext()}. */
  private final class Rows implements Enumerator<Object[]> {
    private final CallScope scope;
    private @Nullable RecordCursor cursor;
    private Object @Nullable [] current;

    Rows(CallScope scope) {
      this.scope = scope;
    }

    @Override public Object[] current() {
      return current;
    }

    @Override public boolean moveNext() {
      try {
        if (scope.isCancelled()) {
          throw new ApiException(ApiErrorKind.CANCELLED, "Statement cancelled");
        }
        if (cursor == null) {
          cursor = adapter.execute(query, scope);
        }
        final Object[] raw = cursor.next();
        if (raw == null) {
          close();
          return false;
        }
        current = new Object[types.size()];
        for (int i = 0; i < current.length; i++) {
          current[i] = RecordValues.convert(raw[i], types.get(i));
        }
        return true;
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override public void reset() {
      throw new UnsupportedOperationException("rows of an API answer are read once");
    }

    @Override public void close() {
      if (cursor != null) {
        cursor.close();
      }
    }
  }
}
