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
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * What a compiled plan calls to run one cube query: builds it (binding the statement's
 * parameters), sends it as the requests the API takes ({@link SplitFetch}) when the rows are first
 * asked for, and turns their checked cells into rows. One instance per prepared plan; it also
 * carries the plan's warnings, where the driver's statements find them. Within one execution the
 * query is sent at most once ({@link Execution}).
 */
public final class CubeRunner implements Runner {
  /** Builds the request once the values of the statement's parameters are known. */
  @FunctionalInterface
  public interface RequestFactory {
    CubeQuery build(IntFunction<@Nullable Object> parameters);
  }

  private final CubeAdapter adapter;
  private final Executor background;
  private final RequestFactory requests;
  private final List<String> warnings;

  CubeRunner(CubeTable table, RequestFactory requests, List<String> warnings) {
    this.adapter = table.adapter();
    this.background = table.background();
    this.requests = requests;
    this.warnings = List.copyOf(warnings);
  }

  @Override public List<String> warnings() {
    return warnings;
  }

  @Override public Enumerable<Object[]> run(DataContext root) {
    final CubeQuery query = requests.build(i -> root.get("?" + i));
    if (query.knownRows() != null) {
      final List<Object[]> rows = query.knownRows().stream().skip(query.offset())
          .limit(query.fetch() == null ? Long.MAX_VALUE : query.fetch()).map(List::toArray).toList();
      return Linq4j.asEnumerable(rows);
    }
    final CallScope scope = Runners.scope(root);
    return Execution.rows(root, List.of(adapter, query), "table " + query.table().name(),
        () -> new CellRows(query, SplitFetch.open(adapter, query, scope, background), scope));
  }

  /** Rows of the cells of one answer; a cell may give no row or several (grouping sets). */
  private static final class CellRows implements Execution.Rows {
    private final CellCursor cursor;
    private final RowAssembler assembler;
    private final CallScope scope;
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
    private final Consumer<Object[]> toPending = pending::add;

    CellRows(CubeQuery query, CellCursor cursor, CallScope scope) {
      this.cursor = cursor;
      this.assembler = new RowAssembler(query);
      this.scope = scope;
    }

    @Override public Object @Nullable [] next() {
      try {
        while (pending.isEmpty()) {
          if (scope.isCancelled()) {
            throw new ApiException(ApiErrorKind.CANCELLED, "Statement cancelled");
          }
          if (!cursor.next()) {
            cursor.close();
            return null;
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
