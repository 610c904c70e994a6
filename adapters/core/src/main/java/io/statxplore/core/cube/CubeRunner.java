package io.statxplore.core.cube;

import io.statxplore.core.engine.Execution;
import io.statxplore.core.engine.Runner;
import io.statxplore.core.engine.Runners;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * What a compiled plan calls to run one API request: builds it (binding the statement's
 * parameters), sends it when the rows are first asked for, and streams them, its answer checked
 * against it ({@link AnswerCheck}). One instance per
 * prepared plan; it also carries the plan's warnings, where the driver's statements find them.
 * Within one execution the request is sent at most once ({@link Execution}).
 */
public final class CubeRunner implements Runner {
  /** Builds the request once the values of the statement's parameters are known. */
  @FunctionalInterface
  public interface RequestFactory {
    CubeQuery build(IntFunction<@Nullable Object> parameters);
  }

  private final CubeAdapter adapter;
  private final RequestFactory requests;
  private final List<String> warnings;

  public CubeRunner(CubeAdapter adapter, RequestFactory requests, List<String> warnings) {
    this.adapter = adapter;
    this.requests = requests;
    this.warnings = List.copyOf(warnings);
  }

  @Override public List<String> warnings() {
    return warnings;
  }

  @Override public Enumerable<Object[]> run(DataContext root) {
    final CubeQuery query = requests.build(i -> root.get("?" + i));
    if (query.knownRows() != null) {
      return Linq4j.asEnumerable(query.knownRows().stream().map(List::toArray).toList());
    }
    final CallScope scope = Runners.scope(root);
    return Execution.rows(root, List.of(adapter, query), "table " + query.table().name(),
        () -> {
          final CellCursor cells = SplitFetch.open(adapter, query, scope);
          return new CellRows(query, cells, AnswerCheck.of(cells, query, adapter), scope);
        });
  }

  /** Rows of the cells of one answer; a cell may give no row or several (grouping sets). */
  private static final class CellRows implements Execution.Rows {
    private final CellCursor cursor;
    private final RowAssembler assembler;
    private final @Nullable AnswerCheck check;
    private final CallScope scope;
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
    private final Consumer<Object[]> toPending = pending::add;

    CellRows(CubeQuery query, CellCursor cursor, @Nullable AnswerCheck check, CallScope scope) {
      this.cursor = cursor;
      this.assembler = new RowAssembler(query);
      this.check = check;
      this.scope = scope;
    }

    @Override public Object @Nullable [] next() {
      try {
        while (pending.isEmpty()) {
          if (scope.isCancelled()) {
            throw new ApiException(ApiErrorKind.CANCELLED, "Statement cancelled");
          }
          if (!cursor.next()) {
            if (check != null) {
              check.end();
            }
            cursor.close();
            return null;
          }
          if (check != null) {
            check.cell(cursor);
          }
          assembler.rows(cursor, toPending);
        }
        return pending.poll();
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
