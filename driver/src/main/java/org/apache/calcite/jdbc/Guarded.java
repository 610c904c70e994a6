package org.apache.calcite.jdbc;

import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.util.Cursor;
import org.apache.calcite.sql.SqlKind;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joou.UByte;
import org.joou.UInteger;
import org.joou.ULong;
import org.joou.UShort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.Executor;

/**
 * The JDBC objects the driver hands out, each a layer over the factory's own that holds the
 * {@linkplain Failures failure contract} at every call that does work (runs SQL, reads rows or
 * metadata, converts a value, closes or cancels): whatever the layers below throw leaves as an
 * SQLException with a SQLState. Database metadata is guarded as a whole by a proxy: its two
 * hundred methods are called rarely, and all of them may read the schema.
 */
final class Guarded {
  private static final Logger LOG = LoggerFactory.getLogger(Guarded.class);

  /** SQLState of a call on a closed statement or result set. */
  private static final String CLOSED = "55000";

  private Guarded() {
  }

  /** A connection. */
  static final class Connection extends StatXploreJdbcFactory.Connection {
    private java.sql.@Nullable DatabaseMetaData metaData;

    Connection(Driver driver, AvaticaFactory factory, String url, Properties info,
        @Nullable CalciteSchema rootSchema, @Nullable JavaTypeFactory typeFactory) {
      super(driver, factory, url, info, rootSchema, typeFactory);
    }

    @Override protected void checkOpen() throws SQLException {
      if (isClosed()) {
        throw new SQLException("The connection is closed", "08003");
      }
    }

    /**
     * Refuses UPDATE, DELETE and MERGE before they run: no API takes them, and Calcite would run
     * a DELETE on a table that takes INSERT as a removal from an empty collection, "0 rows".
     */
    @Override <T> CalcitePrepare.CalciteSignature<T> parseQuery(CalcitePrepare.Query<T> query,
        CalcitePrepare.Context context, long maxRowCount) {
      final CalcitePrepare.CalciteSignature<T> signature = super.parseQuery(query, context, maxRowCount);
      final SqlKind kind = signature.statementType == Meta.StatementType.IS_DML && query.sql != null
          ? Failures.kind(query.sql) : SqlKind.INSERT;
      if (kind != null && kind != SqlKind.INSERT) {
        throw new UnsupportedOperationException(Failures.unsupported(kind));
      }
      return signature;
    }

    @Override public CalcitePreparedStatement prepareStatement(String sql, int resultSetType,
        int resultSetConcurrency, int resultSetHoldability) throws SQLException {
      return Failures.guard(sql,
          () -> super.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override public CalciteStatement createStatement(int resultSetType, int resultSetConcurrency,
        int resultSetHoldability) throws SQLException {
      return Failures.guard(() -> super.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override public synchronized java.sql.DatabaseMetaData getMetaData() throws SQLException {
      final java.sql.DatabaseMetaData raw = Failures.guard(super::getMetaData);
      if (metaData == null) {
        metaData = metaData(raw);
      }
      return metaData;
    }

    @Override public void close() throws SQLException {
      Failures.run(super::close);
    }

    @Override public void commit() throws SQLException {
      Failures.run(super::commit);
    }

    @Override public void rollback() throws SQLException {
      Failures.run(super::rollback);
    }

    @Override public void setAutoCommit(boolean autoCommit) throws SQLException {
      Failures.run(() -> super.setAutoCommit(autoCommit));
    }

    @Override public void setReadOnly(boolean readOnly) throws SQLException {
      Failures.run(() -> super.setReadOnly(readOnly));
    }

    @Override public void setCatalog(String catalog) throws SQLException {
      Failures.run(() -> super.setCatalog(catalog));
    }

    @Override public void setTransactionIsolation(int level) throws SQLException {
      Failures.run(() -> super.setTransactionIsolation(level));
    }

    @Override public void setSchema(String schema) throws SQLException {
      Failures.run(() -> super.setSchema(schema));
    }

    @Override public String getClientInfo(String name) throws SQLException {
      return Failures.guard(() -> super.getClientInfo(name));
    }

    @Override public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
      return Failures.guard(() -> super.createArrayOf(typeName, elements));
    }

    @Override public void abort(Executor executor) throws SQLException {
      Failures.run(() -> super.abort(executor));
    }
  }

  /** A statement. */
  static final class Statement extends StatXploreJdbcFactory.Statement {
    Statement(CalciteConnectionImpl connection, Meta.@Nullable StatementHandle h, int resultSetType,
        int resultSetConcurrency, int resultSetHoldability) {
      super(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override protected void checkOpen() throws SQLException {
      if (isClosed()) {
        throw new SQLException("The statement is closed", CLOSED);
      }
    }

    @Override protected void executeInternal(String sql) throws SQLException {
      Failures.guard(sql, () -> {
        super.executeInternal(sql);
        return null;
      });
    }

    @Override public java.sql.ResultSet executeQuery(String sql) throws SQLException {
      return Failures.guard(sql, () -> super.executeQuery(sql));
    }

    @Override public long[] executeLargeBatch() throws SQLException {
      return Failures.guard(super::executeLargeBatch);
    }

    @Override public void addBatch(String sql) throws SQLException {
      Failures.run(() -> super.addBatch(sql));
    }

    @Override public void cancel() throws SQLException {
      Failures.run(super::cancel);
    }

    @Override public void close() throws SQLException {
      Failures.run(super::close);
    }
  }

  /** A prepared statement. */
  static final class PreparedStatement extends StatXploreJdbcFactory.PreparedStatement {
    PreparedStatement(CalciteConnectionImpl connection, Meta.@Nullable StatementHandle h,
        Meta.Signature signature, int resultSetType, int resultSetConcurrency,
        int resultSetHoldability) throws SQLException {
      super(connection, h, signature, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override protected void checkOpen() throws SQLException {
      if (isClosed()) {
        throw new SQLException("The statement is closed", CLOSED);
      }
    }

    @Override public java.sql.ResultSet executeQuery() throws SQLException {
      return Failures.guard(super::executeQuery);
    }

    @Override public boolean execute() throws SQLException {
      return Failures.guard(super::execute);
    }

    @Override public long executeLargeUpdate() throws SQLException {
      return Failures.guard(super::executeLargeUpdate);
    }

    @Override public long[] executeLargeBatch() throws SQLException {
      return Failures.guard(super::executeLargeBatch);
    }

    @Override public void addBatch() throws SQLException {
      Failures.run(super::addBatch);
    }

    @Override public void cancel() throws SQLException {
      Failures.run(super::cancel);
    }

    @Override public void close() throws SQLException {
      Failures.run(super::close);
    }
  }

  /** A result set, whose every column is read through an {@link Accessor}. */
  static final class ResultSet extends StatXploreJdbcFactory.ResultSetImpl {
    ResultSet(AvaticaStatement statement, CalcitePrepare.CalciteSignature<?> signature,
        ResultSetMetaData metaData, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
      super(statement, signature, metaData, timeZone, firstFrame);
    }

    @Override protected void checkOpen() throws SQLException {
      if (isClosed()) {
        throw new SQLException("The result set is closed", CLOSED);
      }
    }

    @Override protected CalciteResultSet execute() throws SQLException {
      Failures.guard(super::execute);
      guardAccessors();
      return this;
    }

    @Override public AvaticaResultSet execute2(Cursor cursor, List<ColumnMetaData> columns) {
      super.execute2(cursor, columns);
      guardAccessors();
      return this;
    }

    private void guardAccessors() {
      final List<Cursor.Accessor> guarded = new ArrayList<>(accessorList.size());
      for (int i = 0; i < accessorList.size(); i++) {
        final Cursor.Accessor a = accessorList.get(i);
        guarded.add(a instanceof Accessor ? a : new Accessor(a, columnMetaDataList.get(i)));
      }
      accessorList = guarded;
    }

    @Override public boolean next() throws SQLException {
      try {
        return super.next();
      } catch (Throwable e) {
        throw rethrown(e);
      }
    }

    @Override public Object getObject(int columnIndex) throws SQLException {
      try {
        return super.getObject(columnIndex);
      } catch (Throwable e) {
        throw rethrown(e);
      }
    }

    /**
     * Closes the rows; as in Avatica, closing cannot fail: a failure while the rows are released
     * (they are released whatever it was) is logged.
     */
    @Override public void close() {
      try {
        super.close();
      } catch (VirtualMachineError e) {
        throw e;
      } catch (RuntimeException | Error e) {
        LOG.warn("Closing a result set: {}", Failures.of(e, null).getMessage());
      }
    }
  }

  /** A failure as the contract's SQLException; a {@link VirtualMachineError} is thrown on as it is. */
  private static SQLException rethrown(Throwable e) {
    if (e instanceof VirtualMachineError v) {
      throw v;
    }
    return Failures.of(e, null);
  }

  /**
   * Database metadata whose every method holds the contract: Avatica reads most of it through
   * the connection's Meta (the schema, hence the API, for tables and columns) and leaves some
   * methods throwing a bare RuntimeException.
   */
  static java.sql.DatabaseMetaData metaData(java.sql.DatabaseMetaData raw) {
    return (java.sql.DatabaseMetaData) Proxy.newProxyInstance(Guarded.class.getClassLoader(),
        new Class<?>[] {AvaticaSpecificDatabaseMetaData.class}, (proxy, method, args) -> {
          switch (method.getName()) {
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          default:
            break;
          }
          try {
            return method.invoke(raw, args);
          } catch (InvocationTargetException e) {
            if (Arrays.asList(method.getExceptionTypes()).contains(SQLException.class)) {
              throw rethrown(e.getCause());
            }
            throw e.getCause();
          }
        });
  }

  /**
   * A column's accessor, through which every getter of a result set reads: a value that cannot
   * be converted fails with {@code 22018} naming the column, anything else by the contract.
   */
  static final class Accessor implements Cursor.Accessor {
    private final Cursor.Accessor a;
    private final ColumnMetaData column;

    Accessor(Cursor.Accessor a, ColumnMetaData column) {
      this.a = a;
      this.column = column;
    }

    private SQLException fail(Throwable e) {
      if (e instanceof SQLDataException d && d.getSQLState() == null) {
        return new SQLDataException("Column " + column.label + " (" + column.type.name + ") "
            + Failures.firstLine(d.getMessage()).replaceFirst(" \\(.*", ""), "22018", d);
      }
      return rethrown(e);
    }

    private <T> T read(Failures.Call<T> call) throws SQLException {
      try {
        return call.call();
      } catch (Throwable e) {
        throw fail(e);
      }
    }

    @Override public boolean wasNull() throws SQLException {
      return a.wasNull();
    }

    @Override public Object getObject() throws SQLException {
      return read(a::getObject);
    }

    @Override public String getString() throws SQLException {
      return read(a::getString);
    }

    @Override public double getDouble() throws SQLException {
      return read(a::getDouble);
    }

    @Override public long getLong() throws SQLException {
      return read(a::getLong);
    }

    @Override public int getInt() throws SQLException {
      return read(a::getInt);
    }

    @Override public boolean getBoolean() throws SQLException {
      return read(a::getBoolean);
    }

    @Override public byte getByte() throws SQLException {
      return read(a::getByte);
    }

    @Override public short getShort() throws SQLException {
      return read(a::getShort);
    }

    @Override public float getFloat() throws SQLException {
      return read(a::getFloat);
    }

    @Override public UByte getUByte() throws SQLException {
      return read(a::getUByte);
    }

    @Override public UShort getUShort() throws SQLException {
      return read(a::getUShort);
    }

    @Override public UInteger getUInt() throws SQLException {
      return read(a::getUInt);
    }

    @Override public ULong getULong() throws SQLException {
      return read(a::getULong);
    }

    @Override public BigDecimal getBigDecimal() throws SQLException {
      return read(a::getBigDecimal);
    }

    @Override public BigDecimal getBigDecimal(int scale) throws SQLException {
      return read(() -> a.getBigDecimal(scale));
    }

    @Override public byte[] getBytes() throws SQLException {
      return read(a::getBytes);
    }

    @Override public InputStream getAsciiStream() throws SQLException {
      return read(a::getAsciiStream);
    }

    @Override public InputStream getUnicodeStream() throws SQLException {
      return read(a::getUnicodeStream);
    }

    @Override public InputStream getBinaryStream() throws SQLException {
      return read(a::getBinaryStream);
    }

    @Override public Reader getCharacterStream() throws SQLException {
      return read(a::getCharacterStream);
    }

    @Override public Object getObject(Map<String, Class<?>> map) throws SQLException {
      return read(() -> a.getObject(map));
    }

    @Override public Ref getRef() throws SQLException {
      return read(a::getRef);
    }

    @Override public Blob getBlob() throws SQLException {
      return read(a::getBlob);
    }

    @Override public Clob getClob() throws SQLException {
      return read(a::getClob);
    }

    @Override public Array getArray() throws SQLException {
      return read(a::getArray);
    }

    @Override public Struct getStruct() throws SQLException {
      return read(a::getStruct);
    }

    @Override public Date getDate(Calendar calendar) throws SQLException {
      return read(() -> a.getDate(calendar));
    }

    @Override public Time getTime(Calendar calendar) throws SQLException {
      return read(() -> a.getTime(calendar));
    }

    @Override public Timestamp getTimestamp(Calendar calendar) throws SQLException {
      return read(() -> a.getTimestamp(calendar));
    }

    @Override public URL getURL() throws SQLException {
      return read(a::getURL);
    }

    @Override public NClob getNClob() throws SQLException {
      return read(a::getNClob);
    }

    @Override public SQLXML getSQLXML() throws SQLException {
      return read(a::getSQLXML);
    }

    @Override public String getNString() throws SQLException {
      return read(a::getNString);
    }

    @Override public Reader getNCharacterStream() throws SQLException {
      return read(a::getNCharacterStream);
    }

    @Override public <T> T getObject(Class<T> type) throws SQLException {
      return read(() -> a.getObject(type));
    }
  }
}
