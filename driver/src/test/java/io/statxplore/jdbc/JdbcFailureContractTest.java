package io.statxplore.jdbc;

import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Error, no runtime exception and no planner dump escapes a JDBC call: whatever fails inside
 * the driver, Calcite or a plugin of the user's model reaches the caller as an SQLException with
 * a SQLState of the README's table and one line naming the cause.
 */
public class JdbcFailureContractTest {
  /** The SQLStates the README lists. */
  private static final Set<String> STATES = Set.of("28000", "42S02", "54000", "08004", "08006", "08P01", "08001",
      "08003", "HYT00", "57014", "42000", "24000", "0A000", "22018", "22003", "55000", "HY000");

  private static final String MODEL = "inline:{\"version\": \"1.0\", \"defaultSchema\": \"statxplore\", \"schemas\": ["
      + "{\"name\": \"fail\", \"type\": \"map\", \"functions\": ["
      + "{\"name\": \"ERROR\", \"className\": \"" + Boom.class.getName() + "\", \"methodName\": \"error\"},"
      + "{\"name\": \"RUNTIME\", \"className\": \"" + Boom.class.getName() + "\", \"methodName\": \"runtime\"}]},"
      + "{\"name\": \"broken\", \"type\": \"custom\", \"factory\": \"" + BrokenSchema.class.getName() + "\"}]}";

  private static Connection connection;

  /** Functions of the model that fail as a bug in a plugin (or in Calcite) would. */
  public static final class Boom {
    public static int error(String s) {
      throw new ExceptionInInitializerError(new IllegalStateException("boom in a static initializer for " + s));
    }

    public static int runtime(String s) {
      throw new IllegalStateException("boom for " + s);
    }
  }

  /** A schema whose tables cannot be listed. */
  public static final class BrokenSchema implements SchemaFactory {
    @Override public Schema create(SchemaPlus parent, String name, Map<String, Object> operand) {
      return new AbstractSchema() {
        @Override protected Map<String, Table> getTableMap() {
          throw new IllegalStateException("the table list is unavailable");
        }
      };
    }
  }

  @BeforeAll static void start() throws SQLException {
    final Properties info = new Properties();
    info.setProperty("model", MODEL);
    connection = DriverManager.getConnection("jdbc:statxplore:demo=true", info);
  }

  @AfterAll static void stop() throws SQLException {
    connection.close();
  }

  private static SQLException fails(String sql) {
    final SQLException e = assertThrows(SQLException.class, () -> rows(connection, sql), sql);
    assertContract(e);
    return e;
  }

  private static void assertContract(SQLException e) {
    assertTrue(STATES.contains(e.getSQLState()), () -> e.getSQLState() + ": " + e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e::getMessage);
    assertFalse(e.getMessage().contains("rowcount =") || e.getMessage().contains("Missing conversion"), e::getMessage);
  }

  @Test void anErrorInsideAQueryIsAnSqlExceptionWhilePlanningAndWhileReading() {
    // A constant argument is evaluated while the query is planned; a column, for each row read.
    for (String sql : List.of("select fail.error('x')", "select fail.error(region) from uc_households",
        "select fail.runtime(region) from uc_households", "select fail.runtime('x')")) {
      final SQLException e = fails(sql);
      assertEquals("HY000", e.getSQLState(), sql);
      assertTrue(e.getMessage().startsWith("boom "), e::getMessage);
      assertTrue(e.getMessage().endsWith(" (IllegalStateException inside Calcite or the driver)"), e::getMessage);
    }
  }

  @Test void aMeasureComparedWithTextFailsCleanlyEveryTime() {
    for (int i = 0; i < 2; i++) {
      fails("select region from uc_households where households_on_universal_credit > 'abc'");
    }
  }

  @Test void writesAndDdlOnApiTablesAreNotSupported() throws SQLException {
    final Map<String, String> statements = Map.of(
        "delete from uc_households", "DELETE",
        "update uc_households set region = 'x'", "UPDATE",
        "insert into uc_households (region) values ('x')", "INSERT",
        "create table t (a int)", "CREATE TABLE");
    for (Map.Entry<String, String> s : statements.entrySet()) {
      try (Statement st = connection.createStatement()) {
        final SQLException e = assertThrows(SQLException.class, () -> st.execute(s.getKey()));
        assertContract(e);
        assertEquals("0A000", e.getSQLState(), e::getMessage);
        assertTrue(e.getMessage().startsWith(s.getValue() + " is not supported"), e::getMessage);
      }
      final SQLException prepared = assertThrows(SQLException.class, () -> connection.prepareStatement(s.getKey()));
      assertEquals("0A000", prepared.getSQLState(), prepared::getMessage);
    }
  }

  @Test void metadataThatCannotBeReadIsAnSqlException() throws SQLException {
    final SQLException e = assertThrows(SQLException.class, () -> {
      try (ResultSet rs = connection.getMetaData().getTables(null, "broken", "%", null)) {
        rows(rs);
      }
    });
    assertContract(e);
    assertEquals("the table list is unavailable (IllegalStateException inside Calcite or the driver)", e.getMessage());
    final DatabaseMetaData md = connection.getMetaData();
    assertFalse(md.ownUpdatesAreVisible(ResultSet.TYPE_FORWARD_ONLY), "answered, not a RuntimeException");
    assertTrue(md.supportsResultSetHoldability(md.getResultSetHoldability()));
  }

  @Test void closedObjectsSaySo() throws SQLException {
    final Statement s = connection.createStatement();
    final ResultSet rs = s.executeQuery("select 1");
    rs.close();
    assertEquals("55000", assertThrows(SQLException.class, rs::next).getSQLState());
    s.close();
    final SQLException statement = assertThrows(SQLException.class, () -> s.executeQuery("select 1"));
    assertEquals("55000", statement.getSQLState());
    assertEquals("The statement is closed", statement.getMessage());
    final Connection closed = DriverManager.getConnection("jdbc:statxplore:url=http://127.0.0.1:9/");
    closed.close();
    final SQLException c = assertThrows(SQLException.class, closed::createStatement);
    assertEquals("08003", c.getSQLState());
    assertEquals("The connection is closed", c.getMessage());
  }

  @Test void aValueThatCannotBeConvertedNamesItsColumn() throws SQLException {
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("select region from uc_households where region = 'London' group by region")) {
      assertTrue(rs.next());
      for (SQLException e : List.of(assertThrows(SQLDataException.class, () -> rs.getInt(1)),
          assertThrows(SQLDataException.class, () -> rs.getDate("region")))) {
        assertEquals("22018", e.getSQLState());
        assertTrue(e.getMessage().matches("Column region \\(VARCHAR\\) cannot convert to \\w+"), e::getMessage);
      }
    }
  }

  /**
   * Every method of every JDBC interface the driver implements, on open and closed objects, with
   * ordinary and hostile arguments, returns or throws an SQLException: nothing else.
   */
  @Test void noMethodThrowsAnythingButSqlException() throws Exception {
    final String rows = "select * from (values (1, 'a', 2.5), (2, 'b', 3.5)) as t(i, s, d)";
    final String url = "jdbc:statxplore:url=http://127.0.0.1:9/";
    final List<String> escaped = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:demo=true")) {
      sweep(ResultSet.class, () -> {
        final ResultSet rs = c.createStatement().executeQuery(rows);
        rs.next();
        return rs;
      }, escaped);
      sweep(ResultSet.class, () -> {
        final ResultSet rs = c.createStatement().executeQuery(rows);
        rs.close();
        return rs;
      }, escaped);
      sweep(Statement.class, c::createStatement, escaped);
      sweep(Statement.class, () -> {
        final Statement s = c.createStatement();
        s.close();
        return s;
      }, escaped);
      sweep(PreparedStatement.class, () -> c.prepareStatement("select region from uc_households where region = ?"),
          escaped);
      sweep(DatabaseMetaData.class, c::getMetaData, escaped);
    }
    sweep(Connection.class, () -> DriverManager.getConnection(url), escaped);
    sweep(Connection.class, () -> {
      final Connection closed = DriverManager.getConnection(url);
      closed.close();
      return closed;
    }, escaped);
    assertEquals(List.of(), escaped);
  }

  /** Makes a fresh object to call one method on. */
  private interface Maker {
    Object make() throws SQLException;
  }

  private static void sweep(Class<?> type, Maker maker, List<String> escaped) throws Exception {
    for (Method m : type.getMethods()) {
      if (m.getName().startsWith("enquote") || m.getName().equals("isSimpleIdentifier")) {
        continue; // java.sql.Statement's own default methods, specified to throw NullPointerException on null
      }
      for (int variant = 0; variant < 4; variant++) {
        final Object[] args = new Object[m.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
          args[i] = argument(m.getParameterTypes()[i], variant);
        }
        final Object target = maker.make();
        try {
          m.invoke(target, args);
        } catch (InvocationTargetException e) {
          if (!(e.getCause() instanceof SQLException)) {
            escaped.add(type.getSimpleName() + "." + m.getName() + " threw " + e.getCause());
          }
        } finally {
          if (target instanceof Connection c) {
            c.close();
          }
        }
      }
    }
  }

  /** Ordinary and hostile values of a parameter type: indexes out of range, nulls, unknown names. */
  private static Object argument(Class<?> t, int variant) {
    if (t == int.class || t == long.class || t == short.class || t == byte.class) {
      final long n = new long[] {1, 0, -1, 99}[variant];
      return t == int.class ? (Object) (int) n : t == long.class ? (Object) n
          : t == short.class ? (Object) (short) n : (Object) (byte) n;
    }
    if (t == boolean.class) {
      return variant % 2 == 0;
    }
    if (t == double.class || t == float.class) {
      return t == double.class ? (Object) 1.5 : (Object) 1.5f;
    }
    if (t == String.class) {
      return new String[] {"s", null, "no such column", "%"}[variant];
    }
    if (t == Class.class) {
      return variant % 2 == 0 ? Object.class : Thread.class;
    }
    if (t == Object.class) {
      return variant % 2 == 0 ? null : new Object();
    }
    if (t.isArray()) {
      return variant % 2 == 0 ? null : java.lang.reflect.Array.newInstance(t.getComponentType(), 1);
    }
    final Map<Class<?>, Object> values = Map.of(Map.class, new HashMap<>(), Calendar.class, Calendar.getInstance(),
        Executor.class, (Executor) Runnable::run, java.io.InputStream.class, new ByteArrayInputStream(new byte[0]),
        java.io.Reader.class, new StringReader(""), Properties.class, new Properties());
    return variant == 1 ? null : values.get(t);
  }
}
