package io.statxplore.core.engine;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each request of an execution is sent once, however its rows are read. */
class ExecutionTest {
  /** A request's answer of {@code rows} rows; counts how often it is sent, and its open responses. */
  private static final class Server implements Supplier<Execution.Rows> {
    final int rows;
    int sent;
    int open;
    @Nullable RuntimeException failAt;

    Server(int rows) {
      this.rows = rows;
    }

    @Override public Execution.Rows get() {
      sent++;
      open++;
      return new Execution.Rows() {
        int next;
        boolean closed;

        @Override public Object @Nullable [] next() {
          if (failAt != null && next == 3) {
            throw failAt;
          }
          return next < rows ? new Object[] {next++} : null;
        }

        @Override public void close() {
          if (!closed) {
            closed = true;
            open--;
          }
        }
      };
    }
  }

  private static DataContext context(@Nullable Execution execution) {
    return new DataContext() {
      @Override public SchemaPlus getRootSchema() {
        throw new UnsupportedOperationException();
      }

      @Override public JavaTypeFactory getTypeFactory() {
        throw new UnsupportedOperationException();
      }

      @Override public QueryProvider getQueryProvider() {
        throw new UnsupportedOperationException();
      }

      @Override public @Nullable Object get(String name) {
        return Map.of(Execution.KEY, execution == null ? "none" : execution).get(name);
      }
    };
  }

  private static List<Object> read(Enumerator<Object[]> rows, int most) {
    final List<Object> values = new ArrayList<>();
    while (values.size() < most && rows.moveNext()) {
      values.add(rows.current()[0]);
    }
    return values;
  }

  private static List<Object> range(int from, int to) {
    final List<Object> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      values.add(i);
    }
    return values;
  }

  @Test void aReadStoppedEarlyIsContinuedByTheNextRead() {
    final Server server = new Server(10);
    final Execution execution = new Execution();
    final Enumerable<Object[]> rows = Execution.rows(context(execution), "q", "table t", server);
    try (Enumerator<Object[]> first = rows.enumerator()) {
      assertEquals(range(0, 3), read(first, 3));
    }
    assertEquals(1, server.open, "the response stays open for a later read");
    try (Enumerator<Object[]> second = rows.enumerator()) {
      assertEquals(range(0, 10), read(second, 100));
    }
    try (Enumerator<Object[]> third = rows.enumerator()) {
      assertEquals(range(0, 10), read(third, 100));
    }
    assertEquals(1, server.sent);
    assertEquals(0, server.open);
  }

  @Test void interleavedReadsShareOneResponse() {
    final Server server = new Server(6);
    final Execution execution = new Execution();
    final DataContext root = context(execution);
    // Two runners of the plan asking for the same request, as a self-join's two sides do.
    final Enumerator<Object[]> a = Execution.rows(root, List.of("q"), "table t", server).enumerator();
    final Enumerator<Object[]> b = Execution.rows(root, List.of("q"), "table t", server).enumerator();
    assertEquals(range(0, 2), read(a, 2));
    assertEquals(range(0, 4), read(b, 4));
    assertEquals(range(2, 6), read(a, 100));
    assertEquals(range(4, 6), read(b, 100));
    a.close();
    b.close();
    assertEquals(1, server.sent);
    assertEquals(0, server.open);
  }

  @Test void closingTheExecutionClosesTheResponsesLeftOpen() {
    final Server server = new Server(10);
    final Execution execution = new Execution();
    final Enumerable<Object[]> top = execution.closing(
        Execution.rows(context(execution), "q", "table t", server).take(2));
    try (Enumerator<Object[]> rows = top.enumerator()) {
      assertEquals(range(0, 2), read(rows, 100));
      assertEquals(0, server.open, "the plan's end closes the execution");
    }
    final Server other = new Server(10);
    final Execution failing = new Execution();
    try (Enumerator<Object[]> rows = failing.closing(Execution.rows(context(failing), "q", "table t", other)
        .take(2).where(r -> {
          if ((Integer) r[0] == 1) {
            throw new IllegalStateException("an operator above failed");
          }
          return true;
        })).enumerator()) {
      assertTrue(rows.moveNext());
      assertThrows(IllegalStateException.class, rows::moveNext);
      assertEquals(0, other.open, "a failed statement may never close its rows: its failure does");
    }
  }

  @Test void aFailureIsRethrownNotResent() {
    final Server server = new Server(10);
    server.failAt = new ApiException(ApiErrorKind.BAD_RESPONSE, "broken");
    final Enumerable<Object[]> rows = Execution.rows(context(new Execution()), "q", "table t", server);
    final Enumerator<Object[]> first = rows.enumerator();
    assertEquals(range(0, 3), read(first, 3));
    assertSame(server.failAt, assertThrows(ApiException.class, first::moveNext));
    final Enumerator<Object[]> second = rows.enumerator();
    assertEquals(range(0, 3), read(second, 3));
    assertSame(server.failAt, assertThrows(ApiException.class, second::moveNext));
    assertEquals(1, server.sent);
    assertEquals(0, server.open);
  }

  @Test void anAnswerAboveTheReplayLimitIsSentOnceMoreThenRefused() {
    final Server server = new Server(Execution.REPLAY_LIMIT + 5);
    final Enumerable<Object[]> rows = Execution.rows(context(new Execution()), "q", "table t", server);
    try (Enumerator<Object[]> first = rows.enumerator()) {
      assertEquals(Execution.REPLAY_LIMIT + 5, read(first, Integer.MAX_VALUE).size());
    }
    try (Enumerator<Object[]> second = rows.enumerator()) {
      assertEquals(range(0, Execution.REPLAY_LIMIT + 5), read(second, Integer.MAX_VALUE));
    }
    assertEquals(2, server.sent);
    final ApiException e = assertThrows(ApiException.class, () -> rows.enumerator().moveNext());
    assertEquals(ApiErrorKind.LIMIT_EXCEEDED, e.kind());
    assertTrue(e.getMessage().contains("reads the answer for table t more than twice"), e::getMessage);
    assertEquals(2, server.sent);
    assertEquals(0, server.open);
  }

  /** Two interleaved reads of a large answer: the one behind gets its own response, sent once more. */
  @Test void aReadBehindTheKeptRowsContinuesOnItsOwnResponse() {
    final Server server = new Server(Execution.REPLAY_LIMIT + 5);
    final Enumerable<Object[]> rows = Execution.rows(context(new Execution()), "q", "table t", server);
    try (Enumerator<Object[]> ahead = rows.enumerator(); Enumerator<Object[]> behind = rows.enumerator()) {
      assertEquals(Execution.REPLAY_LIMIT + 2, read(ahead, Execution.REPLAY_LIMIT + 2).size());
      assertEquals(range(0, 3), read(behind, 3));
      assertEquals(2, server.sent);
      assertEquals(range(Execution.REPLAY_LIMIT + 2, Execution.REPLAY_LIMIT + 5), read(ahead, 10));
      assertEquals(range(3, Execution.REPLAY_LIMIT + 5), read(behind, Integer.MAX_VALUE));
    }
    assertEquals(2, server.sent);
    assertEquals(0, server.open);
  }

  @Test void withoutAnExecutionEachReadSendsItsOwnRequestAndClosesIt() {
    final Server server = new Server(10);
    final Enumerable<Object[]> rows = Execution.rows(context(null), "q", "table t", server);
    try (Enumerator<Object[]> first = rows.enumerator()) {
      assertEquals(range(0, 3), read(first, 3));
    }
    assertEquals(0, server.open);
    try (Enumerator<Object[]> second = rows.enumerator()) {
      assertEquals(range(0, 10), read(second, 100));
      assertFalse(second.moveNext());
    }
    assertEquals(2, server.sent);
  }
}
