package org.apache.calcite.jdbc;

import io.statxplore.core.engine.Execution;
import io.statxplore.core.engine.Runner;
import io.statxplore.core.http.CallScope;

import com.google.common.base.Suppliers;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaResultSetMetaData;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.linq4j.Enumerable;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Types;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * Calcite's JDBC objects with what the statxplore driver adds: {@code getWarnings()} reports the
 * plan's warnings (e.g. a sum computed locally from perturbed cells), and failures caused by the
 * API surface as the driver's own {@link SQLException} (message in the API's words, SQLState)
 * instead of a wrapped Calcite error. A statement's timeout, {@code cancel()} and {@code close()}
 * (and its connection's {@code close()}), from any thread, abort whatever it waits on: metadata
 * read while planning too, since each execution makes its {@link CallScope} current. It lives in
 * Calcite's package because the classes it extends have package-private constructors.
 */
public class StatXploreJdbcFactory extends CalciteFactory {
  private static final String WARNING_STATE = "01000";

  public StatXploreJdbcFactory() {
    super(4, 2);
  }

  @Override public AvaticaConnection newConnection(UnregisteredDriver driver, AvaticaFactory factory,
      String url, Properties info, @Nullable CalciteSchema rootSchema, @Nullable JavaTypeFactory typeFactory) {
    return new Guarded.Connection((Driver) driver, factory, url, info, rootSchema, typeFactory);
  }

  @Override public AvaticaDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
    return new DatabaseMetaData(connection);
  }

  @Override public Statement newStatement(AvaticaConnection connection,
      Meta.@Nullable StatementHandle h, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) {
    return new Guarded.Statement((CalciteConnectionImpl) connection, h, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }

  @Override public PreparedStatement newPreparedStatement(AvaticaConnection connection,
      Meta.@Nullable StatementHandle h, Meta.Signature signature, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new Guarded.PreparedStatement((CalciteConnectionImpl) connection, h, signature, resultSetType,
        resultSetConcurrency, resultSetHoldability);
  }

  @Override public CalciteResultSet newResultSet(AvaticaStatement statement, QueryState state,
      Meta.Signature signature, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    return new Guarded.ResultSet(statement, (CalcitePrepare.CalciteSignature<?>) signature,
        newResultSetMetaData(statement, signature), timeZone, firstFrame);
  }

  @Override public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement,
      Meta.Signature signature) {
    return new AvaticaResultSetMetaData(statement, null, signature);
  }

  /**
   * The API's own failure if one caused {@code e}; a syntax or validation error stated without
   * Calcite's wrapping (and without the parser's list of expected tokens); else {@code e}.
   */
  static SQLException clarify(SQLException e) {
    final SQLException clear = Failures.clarify(e);
    return clear != null ? clear : e;
  }

  /** Adds a warning to those a connection of this factory reports ({@code Connection.getWarnings()}). */
  public static void warn(java.sql.Connection connection, SQLWarning warning) {
    if (connection instanceof Connection c) {
      c.warn(warning);
    }
  }

  /** The warnings of the requests in a prepared plan, chained; null if none. */
  static @Nullable SQLWarning warnings(Meta.@Nullable Signature signature) {
    if (!(signature instanceof CalcitePrepare.CalciteSignature<?> s)) {
      return null;
    }
    SQLWarning first = null;
    for (Object value : s.internalParameters.values()) {
      if (value instanceof Runner runner) {
        for (String message : runner.warnings()) {
          final SQLWarning w = new SQLWarning(message, WARNING_STATE);
          if (first == null) {
            first = w;
          } else {
            first.setNextWarning(w);
          }
        }
      }
    }
    return first;
  }

  /**
   * A connection whose prepareStatement reports API failures directly, and which keeps the plans
   * of the queries it prepared: running the same SQL again, even from a fresh {@code Statement}
   * as SQL clients do, skips parsing, planning and code generation. A plan depends on the SQL, the
   * row limit and the default schema, and on the connection's metadata, which it keeps anyway.
   */
  static class Connection extends CalciteConnectionImpl {
    /** The execution whose plan is being bound on this thread. */
    private static final ThreadLocal<Execution> BINDING = new ThreadLocal<>();
    private final Cache<List<Object>, CalcitePrepare.CalciteSignature<?>> plans =
        CacheBuilder.newBuilder().maximumSize(256).build();
    /** Warnings about the connection's settings (properties it ignored); null if none. */
    private @Nullable SQLWarning warnings;
    /** Whether the API answers within a number of seconds (0: the connection's own timeout). */
    private volatile IntPredicate answers = seconds -> true;
    /** The API's version, asked when first wanted and then kept; empty where it tells none. */
    private volatile Supplier<Optional<String>> productVersion = Optional::empty;
    /** Only what the caller chose: every statement takes effect when it runs, whatever this says. */
    private volatile boolean autoCommit = true;

    Connection(Driver driver, AvaticaFactory factory, String url, Properties info,
        @Nullable CalciteSchema rootSchema, @Nullable JavaTypeFactory typeFactory) {
      super(driver, factory, url, info, rootSchema, typeFactory);
    }

    /**
     * Runs each execution with an {@link Execution} of its own in its data context (so that it
     * sends each request once), closed with its rows.
     */
    @Override public <T> Enumerable<T> enumerable(Meta.StatementHandle handle,
        CalcitePrepare.CalciteSignature<T> signature, @Nullable List<TypedValue> parameterValues) throws SQLException {
      final Execution execution = new Execution();
      BINDING.set(execution);
      try {
        return RowCursor.noted(execution.closing(super.enumerable(handle, signature, parameterValues)));
      } catch (SQLException | RuntimeException | Error e) {
        execution.close();
        throw e;
      } finally {
        BINDING.remove();
      }
    }

    @Override public DataContext createDataContext(Map<String, Object> parameterValues,
        @Nullable CalciteSchema rootSchema) {
      final Execution execution = BINDING.get();
      if (execution == null) {
        return super.createDataContext(parameterValues, rootSchema);
      }
      final Map<String, Object> values = new LinkedHashMap<>(parameterValues);
      values.put(Execution.KEY, execution);
      return super.createDataContext(values, rootSchema);
    }

    @SuppressWarnings("unchecked")
    @Override <T> CalcitePrepare.CalciteSignature<T> parseQuery(CalcitePrepare.Query<T> query,
        CalcitePrepare.Context context, long maxRowCount) {
      if (query.sql == null) {
        return super.parseQuery(query, context, maxRowCount);
      }
      final List<Object> key = List.of(query.sql, maxRowCount, List.copyOf(context.getDefaultSchemaPath()));
      final CalcitePrepare.CalciteSignature<?> cached = plans.getIfPresent(key);
      if (cached != null) {
        return (CalcitePrepare.CalciteSignature<T>) cached;
      }
      final CalcitePrepare.CalciteSignature<T> signature = super.parseQuery(query, context, maxRowCount);
      if (signature.statementType == Meta.StatementType.SELECT) {
        plans.put(key, signature);
      }
      return signature;
    }

    /**
     * Aborts the calls its statements wait on first, from whatever thread: a statement being
     * planned holds its lock, and the connection's HTTP clients close only after this.
     */
    @Override public void close() throws SQLException {
      for (AvaticaStatement s : statementMap.values()) {
        try {
          CallScope.cancel(getCancelFlag(s.handle));
        } catch (NoSuchStatementException e) {
          // Closed meanwhile.
        }
      }
      super.close();
    }

    synchronized void warn(SQLWarning warning) {
      if (warnings == null) {
        warnings = warning;
      } else {
        warnings.setNextWarning(warning);
      }
    }

    @Override public synchronized SQLWarning getWarnings() throws SQLException {
      super.getWarnings();
      return warnings;
    }

    @Override public synchronized void clearWarnings() throws SQLException {
      super.clearWarnings();
      warnings = null;
    }

    /**
     * Whether the connection is open and its API answers within {@code timeout} seconds (0: the
     * connection's {@code timeout} setting). Pools call this before lending a connection.
     */
    @Override public boolean isValid(int timeout) throws SQLException {
      if (timeout < 0) {
        throw new SQLDataException("isValid takes a timeout of 0 seconds or more, not " + timeout, "22003");
      }
      return !isClosed() && answers.test(timeout);
    }

    /**
     * The API has no transactions: reads see what it answers when they run, and the one write (an
     * OpenDataSoft INSERT) takes effect when it is sent. Auto-commit reports what it was set to,
     * so that pools and transaction managers that switch it work; switching it off says so in a
     * warning, because nothing will wait for a {@code commit()} or be undone by a {@code rollback()}.
     */
    @Override public boolean getAutoCommit() throws SQLException {
      checkOpen();
      return autoCommit;
    }

    @Override public void setAutoCommit(boolean autoCommit) throws SQLException {
      checkOpen();
      if (this.autoCommit && !autoCommit) {
        warn(new SQLWarning("The driver has no transactions: with auto-commit off every statement still takes"
            + " effect when it runs (an INSERT is sent at once), and commit() and rollback() do nothing",
            WARNING_STATE));
      }
      this.autoCommit = autoCommit;
    }

    /** Nothing is pending: every statement took effect when it ran. */
    @Override public void commit() throws SQLException {
      checkOpen();
    }

    /** Nothing is pending, so nothing is undone (see {@link #setAutoCommit}). */
    @Override public void rollback() throws SQLException {
      checkOpen();
    }

    /** No type is mapped: the driver's columns are all of standard types. */
    @Override public Map<String, Class<?>> getTypeMap() throws SQLException {
      checkOpen();
      return new HashMap<>();
    }
  }

  /**
   * Sets how {@code connection.isValid} finds whether its API answers: {@code answers} takes the
   * timeout in seconds (0: the connection's own) and must hold to it.
   */
  public static void checkValidityWith(java.sql.Connection connection, IntPredicate answers) {
    if (connection instanceof Connection c) {
      c.answers = answers;
    }
  }

  /**
   * Sets where {@code DatabaseMetaData.getDatabaseProductVersion} of {@code connection} finds the
   * API's version: {@code version} is called when first wanted and its answer kept (a failure is
   * not kept, so a later call asks again); where it is empty, Calcite's version is reported.
   */
  public static void productVersionFrom(java.sql.Connection connection, Supplier<Optional<String>> version) {
    if (connection instanceof Connection c) {
      c.productVersion = Suppliers.memoize(version::get);
    }
  }

  /**
   * Database metadata as Calcite serves it, with answers where Avatica leaves a method throwing
   * "todo": result sets are read-only and see no changes, and hold cursors as Avatica says.
   * Identifiers follow one rule: the API's tables and columns are stored lower case, and names
   * are matched ignoring case, quoted or not ({@link StatXploreMeta}); Avatica would infer "mixed
   * case" from the parser's casing, which the driver leaves unchanged only so that a column alias
   * keeps the case it was written in.
   */
  static class DatabaseMetaData extends AvaticaDatabaseMetaData {
    private final AvaticaConnection connection;

    DatabaseMetaData(AvaticaConnection connection) {
      super(connection);
      this.connection = connection;
    }

    /** The API's version where it reports one, else Calcite's. */
    @Override public String getDatabaseProductVersion() throws SQLException {
      final Optional<String> version = connection instanceof Connection c ? c.productVersion.get() : Optional.empty();
      return version.isPresent() ? version.get() : super.getDatabaseProductVersion();
    }

    @Override public boolean storesLowerCaseIdentifiers() {
      return true;
    }

    @Override public boolean storesLowerCaseQuotedIdentifiers() {
      return true;
    }

    @Override public boolean storesMixedCaseIdentifiers() {
      return false;
    }

    @Override public boolean storesMixedCaseQuotedIdentifiers() {
      return false;
    }

    @Override public boolean storesUpperCaseIdentifiers() {
      return false;
    }

    @Override public boolean storesUpperCaseQuotedIdentifiers() {
      return false;
    }

    @Override public boolean supportsMixedCaseIdentifiers() {
      return false;
    }

    @Override public boolean supportsMixedCaseQuotedIdentifiers() {
      return false;
    }

    @Override public boolean supportsResultSetHoldability(int holdability) {
      return holdability == getResultSetHoldability();
    }

    @Override public boolean ownUpdatesAreVisible(int type) {
      return false;
    }

    @Override public boolean ownDeletesAreVisible(int type) {
      return false;
    }

    @Override public boolean ownInsertsAreVisible(int type) {
      return false;
    }

    @Override public boolean othersUpdatesAreVisible(int type) {
      return false;
    }

    @Override public boolean othersDeletesAreVisible(int type) {
      return false;
    }

    @Override public boolean othersInsertsAreVisible(int type) {
      return false;
    }

    @Override public boolean updatesAreDetected(int type) {
      return false;
    }

    @Override public boolean deletesAreDetected(int type) {
      return false;
    }

    @Override public boolean insertsAreDetected(int type) {
      return false;
    }
  }

  /** A statement with warnings and clear API failures. */
  static class Statement extends CalciteStatement {
    private boolean cleared;

    Statement(CalciteConnectionImpl connection, Meta.@Nullable StatementHandle h, int resultSetType,
        int resultSetConcurrency, int resultSetHoldability) {
      super(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    /** Every execute and executeQuery comes here: planning and execution run in the statement's scope. */
    @Override protected void executeInternal(String sql) throws SQLException {
      cleared = false;
      try (CallScope.Entered scope = CallScope.enter(getQueryTimeout() * 1000L, cancelFlag)) {
        super.executeInternal(sql);
      } catch (SQLException e) {
        throw clarify(e);
      }
    }

    /** Without Avatica's lock, which planning holds: aborts the call in flight at once. */
    @Override public void cancel() throws SQLException {
      checkOpen();
      CallScope.cancel(cancelFlag);
    }

    /** Aborts the call in flight first: closing waits for the lock a running statement holds. */
    @Override public void close() throws SQLException {
      CallScope.cancel(cancelFlag);
      super.close();
    }

    @Override public ResultSet executeQuery(String sql) throws SQLException {
      try {
        return super.executeQuery(sql);
      } catch (SQLException e) {
        throw clarify(e);
      }
    }

    @Override public SQLWarning getWarnings() throws SQLException {
      super.getWarnings();
      return cleared ? null : warnings(getSignature());
    }

    @Override public void clearWarnings() throws SQLException {
      super.clearWarnings();
      cleared = true;
    }
  }

  /** A prepared statement with warnings, clear API failures, and values bound to other types converted. */
  static class PreparedStatement extends CalcitePreparedStatement {
    private boolean cleared;

    PreparedStatement(CalciteConnectionImpl connection, Meta.@Nullable StatementHandle h,
        Meta.Signature signature, int resultSetType, int resultSetConcurrency,
        int resultSetHoldability) throws SQLException {
      super(connection, h, signature, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override public void setString(int parameterIndex, String x) throws SQLException {
      final Object value = Parameters.convert(getSignature(), parameterIndex, x);
      if (value == null) {
        super.setString(parameterIndex, x);
      } else {
        super.setObject(parameterIndex, value);
      }
    }

    @Override public void setObject(int parameterIndex, Object x) throws SQLException {
      if (x instanceof String text) {
        setString(parameterIndex, text);
      } else if (x instanceof Number n) {
        final Number value = Parameters.integral(getSignature(), parameterIndex, n);
        super.setObject(parameterIndex, value == null ? x : value);
      } else {
        super.setObject(parameterIndex, x);
      }
    }

    @Override public void setByte(int parameterIndex, byte x) throws SQLException {
      setObject(parameterIndex, x);
    }

    @Override public void setShort(int parameterIndex, short x) throws SQLException {
      setObject(parameterIndex, x);
    }

    @Override public void setInt(int parameterIndex, int x) throws SQLException {
      setObject(parameterIndex, x);
    }

    @Override public void setLong(int parameterIndex, long x) throws SQLException {
      setObject(parameterIndex, x);
    }

    @Override public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
      if (x == null) {
        super.setBigDecimal(parameterIndex, null);
      } else {
        setObject(parameterIndex, x);
      }
    }

    @Override public ResultSet executeQuery() throws SQLException {
      cleared = false;
      try (CallScope.Entered scope = CallScope.enter(getQueryTimeout() * 1000L, cancelFlag)) {
        return super.executeQuery();
      } catch (SQLException e) {
        throw clarify(e);
      }
    }

    @Override public boolean execute() throws SQLException {
      cleared = false;
      try (CallScope.Entered scope = CallScope.enter(getQueryTimeout() * 1000L, cancelFlag)) {
        return super.execute();
      } catch (SQLException e) {
        throw clarify(e);
      }
    }

    @Override public long executeLargeUpdate() throws SQLException {
      try (CallScope.Entered scope = CallScope.enter(getQueryTimeout() * 1000L, cancelFlag)) {
        return super.executeLargeUpdate();
      }
    }

    /** Without Avatica's lock, which an execution holds: aborts the call in flight at once. */
    @Override public void cancel() throws SQLException {
      checkOpen();
      CallScope.cancel(cancelFlag);
    }

    /** Aborts the call in flight first: closing waits for the lock a running execution holds. */
    @Override public void close() throws SQLException {
      CallScope.cancel(cancelFlag);
      super.close();
    }

    @Override public SQLWarning getWarnings() throws SQLException {
      super.getWarnings();
      return cleared ? null : warnings(getSignature());
    }

    @Override public void clearWarnings() throws SQLException {
      super.clearWarnings();
      cleared = true;
    }
  }

  /**
   * A result set whose {@code next()} reports a failed or broken answer as an SQLException, and
   * whose {@code getObject} hands over text and numbers as the row holds them.
   */
  static class ResultSetImpl extends CalciteResultSet {
    /** Per column, the class a row value has when it is already what {@code getObject} returns; else null. */
    private final Class<?>[] direct;

    ResultSetImpl(AvaticaStatement statement, CalcitePrepare.CalciteSignature<?> signature,
        ResultSetMetaData metaData, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
      super(statement, signature, metaData, timeZone, firstFrame);
      this.direct = columnMetaDataList.stream().map(c -> directClass(c.type.id)).toArray(Class<?>[]::new);
    }

    private static @Nullable Class<?> directClass(int sqlType) {
      switch (sqlType) {
      case Types.VARCHAR:
      case Types.CHAR:
        return String.class;
      case Types.DOUBLE:
        return Double.class;
      case Types.BIGINT:
        return Long.class;
      case Types.INTEGER:
        return Integer.class;
      case Types.BOOLEAN:
        return Boolean.class;
      default:
        return null;
      }
    }

    /**
     * Avatica converts each value through its SQL type, a large share of the cost of reading a
     * million rows; a value that already has the returned class needs no conversion.
     */
    @Override public Object getObject(int columnIndex) throws SQLException {
      if (columnIndex >= 1 && columnIndex <= direct.length && direct[columnIndex - 1] != null && !isClosed()
          && cursor != null) {
        final Object value = cursor instanceof RowCursor rows ? rows.value(columnIndex - 1)
            : accessorList.get(columnIndex - 1).getObject();
        if (value == null || direct[columnIndex - 1].isInstance(value)) {
          return value;
        }
      }
      return super.getObject(columnIndex);
    }

    /** As Avatica's, with a cursor whose getters read rows without testing their shape first. */
    @Override protected CalciteResultSet execute() throws SQLException {
      final RowCursor rows = RowCursor.open(signature.cursorFactory, super::execute);
      if (rows != null) {
        cursor = rows;
        accessorList = rows.createAccessors(columnMetaDataList, localCalendar, this);
      }
      return this;
    }

    @Override public SQLWarning getWarnings() throws SQLException {
      super.getWarnings();
      return warnings(signature);
    }
  }
}
