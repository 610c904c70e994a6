package io.statxplore.core.exec;

import io.statxplore.core.adapter.CellCursor;
import io.statxplore.core.adapter.CubeAdapter;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.query.CubeQuery;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * What a compiled plan calls to run one API request: builds it (binding the statement's
 * parameters), sends it when the rows are first asked for, and streams them. One instance per
 * prepared plan; it also carries the plan's warnings, where the driver's statements find them.
 *
 * <p>Within one execution, a request is sent once: a plan that reads the same answer again (the
 * inner side of a nested-loop join, a self-join, repeated grouping sets) replays the rows of the
 * first complete read, up to {@link #REPLAY_LIMIT} rows, rather than spending the API's rate
 * limit on the same request.
 */
public final class QueryRunner {
  /** Rows kept per answer for replay; a larger answer is streamed and, if read again, re-sent. */
  static final int REPLAY_LIMIT = 100_000;

  /** Answers of the executions in progress, by request; an entry lives as long as its execution. */
  private static final Map<DataContext, Map<CubeQuery, Answer>> ANSWERS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Builds the request once the values of the statement's parameters are known. */
  @FunctionalInterface
  public interface RequestFactory {
    CubeQuery build(IntFunction<@Nullable Object> parameters);
  }

  private final CubeAdapter adapter;
  private final RequestFactory requests;
  private final List<String> warnings;

  public QueryRunner(CubeAdapter adapter, RequestFactory requests, List<String> warnings) {
    this.adapter = adapter;
    this.requests = requests;
    this.warnings = List.copyOf(warnings);
  }

  /** Warnings about how the plan around this request computes its result. */
  public List<String> warnings() {
    return warnings;
  }

  /** Called by generated code. */
  public Enumerable<Object[]> run(DataContext root) {
    final CubeQuery query = requests.build(i -> root.get("?" + i));
    if (query.knownRows() != null) {
      return Linq4j.asEnumerable(query.knownRows().stream().map(List::toArray).toList());
    }
    final AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    final Long timeout = DataContext.Variable.TIMEOUT.get(root);
    final CallScope scope = CallScope.of(timeout == null ? 0 : timeout, cancelled);
    final Answer answer = ANSWERS.computeIfAbsent(root, r -> new ConcurrentHashMap<>())
        .computeIfAbsent(query, q -> new Answer());
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object[]> enumerator() {
        final List<Object[]> replay = answer.complete;
        return replay != null ? Linq4j.enumerator(replay)
            : new RowEnumerator(query, SplitFetch.open(adapter, query, scope), cancelled, answer);
      }
    };
  }

  /** Called by generated code for a one-column result, whose rows Calcite expects as values. */
  public static Enumerable<Object> scalars(Enumerable<Object[]> rows) {
    return rows.select(row -> row[0]);
  }

  /** The rows of one request in one execution, once a read of them has completed. */
  private static final class Answer {
    volatile @Nullable List<Object[]> complete;
  }

  /** Rows of the cells of one answer; a cell may give no row or several (grouping sets). */
  private static final class RowEnumerator implements Enumerator<Object[]> {
    private final CellCursor cursor;
    private final RowAssembler assembler;
    private final AtomicBoolean cancelled;
    private final Answer answer;
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
    private final Consumer<Object[]> toPending = pending::add;
    private @Nullable List<Object[]> recorded = new ArrayList<>();
    private Object[] current;

    RowEnumerator(CubeQuery query, CellCursor cursor, AtomicBoolean cancelled, Answer answer) {
      this.cursor = cursor;
      this.assembler = new RowAssembler(query);
      this.cancelled = cancelled;
      this.answer = answer;
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
            if (recorded != null) {
              answer.complete = recorded;
              recorded = null;
            }
            return false;
          }
          assembler.rows(cursor, toPending);
        }
        current = pending.poll();
        record(current);
        return true;
      } catch (RuntimeException e) {
        cursor.close();
        throw e;
      }
    }

    private void record(Object[] row) {
      if (recorded != null) {
        if (recorded.size() < REPLAY_LIMIT) {
          recorded.add(row);
        } else {
          recorded = null;
        }
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
