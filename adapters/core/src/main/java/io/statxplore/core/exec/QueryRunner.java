package io.statxplore.core.exec;

import io.statxplore.core.adapter.CellCursor;
import io.statxplore.core.adapter.CubeAdapter;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.query.CubeQuery;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a compiled plan calls to run one API request: sends it when the rows are first asked
 * for, and streams them. One instance per prepared plan; it also carries the plan's warnings,
 * where the driver's statements find them.
 */
public final class QueryRunner {
  private final CubeAdapter adapter;
  private final CubeQuery query;
  private final List<String> warnings;

  public QueryRunner(CubeAdapter adapter, CubeQuery query, List<String> warnings) {
    this.adapter = adapter;
    this.query = query;
    this.warnings = List.copyOf(warnings);
  }

  /** Warnings about how the plan around this request computes its result. */
  public List<String> warnings() {
    return warnings;
  }

  /** Called by generated code. */
  public Enumerable<Object[]> run(DataContext root) {
    if (query.knownRows() != null) {
      return Linq4j.asEnumerable(query.knownRows().stream().map(List::toArray).toList());
    }
    final AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object[]> enumerator() {
        return new RowEnumerator(adapter.execute(query), cancelled);
      }
    };
  }

  /** Rows of the cells of one answer; a cell may give no row or several (grouping sets). */
  private final class RowEnumerator implements Enumerator<Object[]> {
    private final CellCursor cursor;
    private final RowAssembler assembler;
    private final AtomicBoolean cancelled;
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
    private Object[] current;

    RowEnumerator(CellCursor cursor, AtomicBoolean cancelled) {
      this.cursor = cursor;
      this.assembler = new RowAssembler(query);
      this.cancelled = cancelled;
    }

    @Override public Object[] current() {
      return current;
    }

    @Override public boolean moveNext() {
      try {
        while (pending.isEmpty()) {
          if (cancelled != null && cancelled.get()) {
            throw new ApiException(ApiErrorKind.CANCELLED, "Statement cancelled");
          }
          if (!cursor.next()) {
            cursor.close();
            return false;
          }
          assembler.rows(cursor, pending::add);
        }
        current = pending.poll();
        return true;
      } catch (RuntimeException e) {
        cursor.close();
        throw e;
      }
    }

    @Override public void reset() {
      throw new UnsupportedOperationException("an API answer is read once");
    }

    @Override public void close() {
      cursor.close();
    }
  }
}
