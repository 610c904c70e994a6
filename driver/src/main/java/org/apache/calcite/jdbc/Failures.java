package org.apache.calcite.jdbc;

import io.statxplore.core.engine.PlannerSettings;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.time.DateTimeException;

/**
 * The driver's failure contract: whatever goes wrong inside a JDBC call reaches the caller as an
 * {@link SQLException} with a SQLState from the README's table and one sentence naming the
 * cause, the API's own words where it has them. No runtime exception, no {@link Error} (but a
 * {@link VirtualMachineError}, which the JVM may not survive) and no planner dump gets through.
 */
final class Failures {
  /** SQLState of a failure that names no cause of its own: a fault in the driver or in Calcite. */
  private static final String INTERNAL = "HY000";

  private Failures() {
  }

  /** A JDBC call. */
  @FunctionalInterface
  interface Call<T> {
    T call() throws SQLException;
  }

  /** A JDBC call that returns nothing. */
  @FunctionalInterface
  interface Action {
    void run() throws SQLException;
  }

  /** Runs {@code call}, turning what it throws into the contract's SQLException. */
  static <T> T guard(Call<T> call) throws SQLException {
    return guard(null, call);
  }

  /** As {@link #guard(Call)}, for a call that runs {@code sql} (which names a statement that cannot run). */
  static <T> T guard(@Nullable String sql, Call<T> call) throws SQLException {
    try {
      return call.call();
    } catch (SQLException | RuntimeException e) {
      throw of(e, sql);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Error e) {
      throw of(e, sql);
    }
  }

  static void run(Action action) throws SQLException {
    guard(null, () -> {
      action.run();
      return null;
    });
  }

  /**
   * The SQLException for {@code t}: a {@linkplain #clarify clear one} if it has one; a statement
   * the driver does not run ({@code 0A000}); else one naming the root cause, by its kind where
   * that has a SQLState of its own.
   */
  static SQLException of(Throwable t, @Nullable String sql) {
    final SQLException clear = clarify(t);
    if (clear != null) {
      return clear;
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    final SqlKind kind = sql == null ? null : kind(sql);
    if (kind != null && (kind.belongsTo(SqlKind.DDL) || kind.belongsTo(SqlKind.DML) && (kind != SqlKind.INSERT
        || root instanceof RelOptPlanner.CannotPlanException || root instanceof UnsupportedOperationException))) {
      return new SQLFeatureNotSupportedException(unsupported(kind), "0A000", t);
    }
    final String cause = root.getClass().getSimpleName() + (root.getMessage() == null ? ""
        : ": " + firstLine(root.getMessage()));
    if (root instanceof NumberFormatException || root instanceof DateTimeException) {
      return new SQLDataException("A value could not be converted to the type it is used as (" + cause + ")",
          "22018", t);
    }
    if (root instanceof ArithmeticException) {
      return new SQLDataException("A number is out of range (" + cause + ")", "22003", t);
    }
    if (root instanceof UnsupportedOperationException || root instanceof SQLFeatureNotSupportedException) {
      return new SQLFeatureNotSupportedException("Not supported by the driver"
          + (root.getMessage() == null ? "" : " (" + cause + ")"), "0A000", t);
    }
    if (root instanceof RelOptPlanner.CannotPlanException) {
      return new SQLFeatureNotSupportedException("Calcite found no way to run this query with the driver's"
          + " tables (CannotPlanException)", "0A000", t);
    }
    if (t instanceof SQLException s && t == root) {
      // Avatica's own checks (a column index out of range, a closed object) name their cause already.
      return new SQLException(firstLine(s.getMessage()), INTERNAL, s);
    }
    return new SQLNonTransientException(root.getMessage() == null
        ? root.getClass().getSimpleName() + " inside Calcite or the driver"
        : firstLine(root.getMessage()) + " (" + root.getClass().getSimpleName() + " inside Calcite or the driver)",
        INTERNAL, t);
  }

  /**
   * The API's failure if one caused {@code t}; an SQLException with a SQLState among its causes;
   * a syntax or validation error stated without Calcite's wrapping (and without the parser's list
   * of expected tokens); else null.
   */
  static @Nullable SQLException clarify(Throwable t) {
    final ApiException api = ApiException.find(t);
    if (api != null) {
      return api.toSqlException();
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLException s && s.getSQLState() != null) {
        return s;
      }
      if (c instanceof SqlParseException || c instanceof CalciteContextException) {
        final String message = String.valueOf(c.getMessage()).split("\\R\\s*Was expecting")[0].strip();
        return new SQLSyntaxErrorException(
            (c instanceof SqlParseException ? "SQL syntax error: " : "") + message, "42000", t);
      }
    }
    return null;
  }

  /** The kind of statement {@code sql} is, or null if it does not parse. */
  static @Nullable SqlKind kind(String sql) {
    try {
      return SqlParser.create(sql, SqlParser.config().withParserFactory(PlannerSettings.parserFactory()))
          .parseStmt().getKind();
    } catch (SqlParseException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Why a statement of {@code kind} is not run: the API's tables are read-only but for INSERT into
   * an OpenDataSoft dataset, and the driver's schemas take no DDL.
   */
  static String unsupported(SqlKind kind) {
    final String name = kind.name().replace('_', ' ');
    return kind.belongsTo(SqlKind.DDL) ? name + " is not supported: the driver's schemas are read-only"
        : name + " is not supported on this table: the API's tables are read-only (INSERT into an OpenDataSoft"
            + " dataset with its push key is the one write the driver sends)";
  }

  /**
   * A message without a planner dump: its first line, without the costs Calcite appends to a
   * plan node ({@code : rowcount = …, cumulative cost = …}), at most 300 characters.
   */
  static String firstLine(@Nullable String message) {
    final String line = message == null ? ""
        : message.lines().findFirst().orElse("").replaceFirst(":? *rowcount = .*", "").strip();
    return line.length() <= 300 ? line : line.substring(0, 300) + "…";
  }
}
