package io.statxplore.core.testkit;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Assertions on one SQL query of a {@link SqlKit}: its rows, the requests it sent, its plan, its
 * warnings or its failure. The query runs once, when a check first needs its rows or requests;
 * the kit's request log is cleared just before.
 *
 * <p>A row is written {@code label=value; label=value}, values as {@link String#valueOf}.
 *
 * @param <R> what one recorded request is
 */
public final class QueryCheck<R> {
  private final SqlKit<R> kit;
  private final String sql;
  private @Nullable List<String> rows;
  private List<R> requests = List.of();
  private List<String> warnings = List.of();

  QueryCheck(SqlKit<R> kit, String sql) {
    this.kit = kit;
    this.sql = sql;
  }

  /** The rows in the order returned, run now if not yet. */
  public List<String> rows() {
    if (rows == null) {
      kit.clearRequests();
      try (Statement s = kit.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
        rows = rows(rs);
      } catch (SQLException e) {
        throw new AssertionError(sql + " failed: " + e, e);
      }
      requests = kit.requests();
      warnings = kit.warnings();
    }
    return rows;
  }

  /** The rows of {@code rs} in the kit's form. */
  private static List<String> rows(ResultSet rs) throws SQLException {
    final List<String> rows = new ArrayList<>();
    final ResultSetMetaData md = rs.getMetaData();
    while (rs.next()) {
      final List<String> values = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        values.add(md.getColumnLabel(i) + "=" + rs.getObject(i));
      }
      rows.add(String.join("; ", values));
    }
    return rows;
  }

  /** The rows are exactly these, in this order. */
  public QueryCheck<R> returnsOrdered(String... expected) {
    assertEquals(List.of(expected), rows(), sql);
    return this;
  }

  /** The rows are exactly these, in any order (each as often as given). */
  public QueryCheck<R> returnsUnordered(String... expected) {
    assertEquals(List.of(expected).stream().sorted().toList(), rows().stream().sorted().toList(), sql);
    return this;
  }

  /** The query sent exactly {@code n} requests. */
  public QueryCheck<R> requestCount(int n) {
    rows();
    assertEquals(n, requests.size(), () -> "requests of " + sql + ": " + requests);
    return this;
  }

  /** The query sent one request, which {@code check} accepts. */
  public QueryCheck<R> sentOnce(Consumer<? super R> check) {
    requestCount(1);
    check.accept(requests.get(0));
    return this;
  }

  /** {@code check} accepts the requests the query sent, in the order sent. */
  public QueryCheck<R> sent(Consumer<? super List<R>> check) {
    rows();
    check.accept(requests);
    return this;
  }

  /** The plan ({@code EXPLAIN PLAN FOR}) contains each of {@code parts}; sends no request of the query. */
  public QueryCheck<R> explainContains(String... parts) {
    final String plan;
    try (Statement s = kit.connection().createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      assertTrue(rs.next(), "a plan");
      plan = rs.getString(1);
    } catch (SQLException e) {
      throw new AssertionError("EXPLAIN " + sql + " failed: " + e, e);
    }
    for (String part : parts) {
      assertTrue(plan.contains(part), () -> "plan lacks " + part + ":\n" + plan);
    }
    return this;
  }

  /** Running the query, the plan warned with messages containing these, one each, in this order. */
  public QueryCheck<R> warns(String... parts) {
    rows();
    assertEquals(parts.length, warnings.size(), () -> "warnings of " + sql + ": " + warnings);
    for (int i = 0; i < parts.length; i++) {
      final String w = warnings.get(i);
      final String part = parts[i];
      assertTrue(w.contains(part), () -> "warning lacks " + part + ": " + w);
    }
    return this;
  }

  /**
   * The query fails with {@code sqlState} and a message containing {@code message}: an API
   * failure's own (the state the driver gives its kind), else the {@link SQLException}'s. Records
   * the requests sent before it failed.
   */
  public QueryCheck<R> fails(String sqlState, String message) {
    kit.clearRequests();
    final Exception e = assertThrows(Exception.class, () -> {
      try (Statement s = kit.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          // Read every row: an answer may be refused at its end.
        }
      }
    }, sql);
    requests = kit.requests();
    rows = List.of();
    final String said = SqlKit.message(e);
    assertEquals(sqlState, SqlKit.sqlState(e), () -> "SQLState of " + e);
    if (!said.contains(message)) {
      fail("message lacks " + message + ": " + said);
    }
    return this;
  }
}
