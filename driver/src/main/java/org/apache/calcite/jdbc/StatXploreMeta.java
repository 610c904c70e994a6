package org.apache.calcite.jdbc;

import io.statxplore.core.spi.ApiTable;

import org.apache.calcite.avatica.AvaticaUtils;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.function.Predicate1;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.lookup.LikePattern;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.lang.reflect.Field;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Calcite's metadata with the driver's identifier rule and what a schema browser needs besides.
 * Names are matched ignoring case, in SQL and in {@code DatabaseMetaData} look-ups alike, so
 * {@code getTables(null, null, "UC_Households", null)} finds the table SQL knows as
 * {@code uc_households}, as {@code FROM UC_Households} does (names are unique ignoring case in
 * each schema and table). Calcite's own {@code metadata} schema, with its 79 functions, is not
 * listed (SQL still reaches it); table functions are listed as such with their parameters; a
 * table's key columns are its primary key. It lives in Calcite's package to refine its
 * package-private look-ups.
 */
public class StatXploreMeta extends CalciteMetaImpl {
  /** The columns of {@code DatabaseMetaData.getPrimaryKeys}. */
  private static final List<String> PRIMARY_KEY_COLUMNS =
      List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
  /** The columns of {@code DatabaseMetaData.getFunctionColumns}. */
  private static final List<String> FUNCTION_COLUMN_COLUMNS = List.of("FUNCTION_CAT", "FUNCTION_SCHEM",
      "FUNCTION_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "TYPE_NAME", "PRECISION", "LENGTH", "SCALE",
      "RADIX", "NULLABLE", "REMARKS", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SPECIFIC_NAME");

  /** The columns of {@code DatabaseMetaData.getTablePrivileges}. */
  private static final List<String> TABLE_PRIVILEGE_COLUMNS = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
      "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");

  /** A row of {@code getPrimaryKeys} (Avatica's own class cannot be built outside its package). */
  public static final class PrimaryKeyColumn {
    public final @Nullable String tableCat;
    public final String tableSchem;
    public final String tableName;
    public final String columnName;
    public final short keySeq;
    public final String pkName;

    PrimaryKeyColumn(@Nullable String tableCat, String tableSchem, String tableName, String columnName, short keySeq) {
      this.tableCat = tableCat;
      this.tableSchem = tableSchem;
      this.tableName = tableName;
      this.columnName = columnName;
      this.keySeq = keySeq;
      this.pkName = tableName + "_key";
    }
  }

  StatXploreMeta(CalciteConnectionImpl connection, CalciteMetaTableFactory tables, CalciteMetaColumnFactory columns) {
    super(connection, tables, columns);
  }

  /** Creates the metadata of {@code connection}, with the table and column factories it names. */
  public static StatXploreMeta create(CalciteConnection connection) {
    final CalciteConnectionConfig config = connection.config();
    return new StatXploreMeta((CalciteConnectionImpl) connection,
        config.metaTableFactory(CalciteMetaTableFactory.class, CalciteMetaTableFactoryImpl.INSTANCE),
        config.metaColumnFactory(CalciteMetaColumnFactory.class, CalciteMetaColumnFactoryImpl.INSTANCE));
  }

  @Override Enumerable<MetaImpl.MetaSchema> schemas(String catalog, LikePattern pattern) {
    final Predicate1<String> matches = caseless(pattern);
    return super.schemas(catalog, LikePattern.any())
        .where(s -> matches.apply(lower(s.tableSchem)) && schema(s.tableSchem).schema != MetadataSchema.INSTANCE);
  }

  @Override Enumerable<MetaImpl.MetaTable> tables(MetaImpl.MetaSchema schema, LikePattern pattern) {
    final Predicate1<String> matches = caseless(pattern);
    return super.tables(schema, LikePattern.any()).where(t -> matches.apply(lower(t.tableName)));
  }

  /**
   * Columns are matched by {@code MetaColumn.getName()}, which the driver's column rows give in
   * lower case ({@code MetaColumnFactory}).
   */
  @Override public MetaResultSet getColumns(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat tableNamePattern, Pat columnNamePattern) {
    return super.getColumns(ch, catalog, schemaPattern, tableNamePattern,
        Pat.of(columnNamePattern.s == null ? null : lower(columnNamePattern.s)));
  }

  /** Functions of the schemas listed, names matched ignoring case. */
  @Override public MetaResultSet getFunctions(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat functionNamePattern) {
    final Predicate1<String> matches = caseless(new LikePattern(functionNamePattern.s));
    final List<MetaImpl.MetaFunction> rows = new ArrayList<>();
    for (MetaImpl.MetaSchema m : schemas(catalog, new LikePattern(schemaPattern.s))) {
      functions(m, catalog).where(f -> matches.apply(lower(f.functionName))).forEach(rows::add);
    }
    rows.sort(Comparator.comparing((MetaImpl.MetaFunction f) -> f.functionSchem)
        .thenComparing(f -> f.functionName).thenComparing(f -> f.specificName));
    return resultSet(rows, MetaImpl.MetaFunction.class, FUNCTION_COLUMNS);
  }

  /** Calcite lists every function with an unknown result; a table function returns a table. */
  @Override Enumerable<MetaImpl.MetaFunction> functions(MetaImpl.MetaSchema schema, String catalog) {
    final CalciteSchema s = schema(schema.tableSchem);
    return super.functions(schema, catalog).select(f -> s.getFunctions(f.functionName, true).stream()
        .allMatch(StatXploreMeta::returnsTable)
        ? new MetaImpl.MetaFunction(f.functionCat, f.functionSchem, f.functionName,
            (short) DatabaseMetaData.functionReturnsTable, f.specificName)
        : f);
  }

  /** The parameters of each function, e.g. the query text of a table function. */
  @Override public MetaResultSet getFunctionColumns(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat functionNamePattern, Pat columnNamePattern) {
    final Predicate1<String> function = caseless(new LikePattern(functionNamePattern.s));
    final Predicate1<String> column = caseless(new LikePattern(columnNamePattern.s));
    final List<MetaImpl.MetaFunctionColumn> rows = new ArrayList<>();
    for (MetaImpl.MetaSchema m : schemas(catalog, new LikePattern(schemaPattern.s))) {
      final CalciteSchema s = schema(m.tableSchem);
      for (String name : s.getFunctionNames()) {
        if (!function.apply(lower(name))) {
          continue;
        }
        for (Function f : s.getFunctions(name, true)) {
          for (FunctionParameter p : f.getParameters()) {
            if (column.apply(lower(p.getName()))) {
              rows.add(parameter(catalog, m.tableSchem, name, p));
            }
          }
        }
      }
    }
    return resultSet(rows, MetaImpl.MetaFunctionColumn.class, FUNCTION_COLUMN_COLUMNS);
  }

  private MetaImpl.MetaFunctionColumn parameter(String catalog, String schema, String function, FunctionParameter p) {
    final RelDataType type = getConnection().typeFactory.toSql(p.getType(getConnection().typeFactory));
    final boolean optional = p.isOptional();
    return new MetaImpl.MetaFunctionColumn(catalog, schema, function, p.getName(),
        (short) DatabaseMetaData.functionColumnIn, type.getSqlTypeName().getJdbcOrdinal(), type.getSqlTypeName().getName(),
        null, null, null, (short) 10, (short) (optional ? DatabaseMetaData.functionNullable
            : DatabaseMetaData.functionNoNulls), null, p.getOrdinal() + 1, optional ? "YES" : "NO", function);
  }

  /**
   * The key columns of an API table ({@link ApiTable#keyColumns}), ordered by table and column
   * name as JDBC asks; a null schema or table means any (each table's columns are then read).
   */
  @Override public MetaResultSet getPrimaryKeys(ConnectionHandle ch, String catalog, String schema, String table) {
    final List<PrimaryKeyColumn> rows = new ArrayList<>();
    for (MetaImpl.MetaSchema m : schemas(catalog, LikePattern.any())) {
      if (schema != null && !schema.equalsIgnoreCase(m.tableSchem)) {
        continue;
      }
      final CalciteSchema s = schema(m.tableSchem);
      for (String name : table == null ? s.getTableNames() : List.of(table)) {
        final CalciteSchema.TableEntry entry = s.getTable(name, false);
        if (entry != null && entry.getTable() instanceof ApiTable t) {
          final List<String> key = t.keyColumns();
          for (int i = 0; i < key.size(); i++) {
            rows.add(new PrimaryKeyColumn(catalog, m.tableSchem, entry.name, key.get(i), (short) (i + 1)));
          }
        }
      }
    }
    rows.sort(Comparator.comparing((PrimaryKeyColumn k) -> k.tableName).thenComparing(k -> k.columnName));
    return resultSet(rows, PrimaryKeyColumn.class, PRIMARY_KEY_COLUMNS);
  }

  /**
   * The privileges each API table's adapter reports ({@link io.statxplore.core.spi.ApiAdapter#privileges}),
   * held by the connection's credentials ({@code CURRENT_USER}) and not grantable, ordered by
   * table and privilege as JDBC asks; none for a table whose API reports none.
   */
  @Override public MetaResultSet getTablePrivileges(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat tableNamePattern) {
    final List<MetaImpl.MetaTablePrivilege> rows = new ArrayList<>();
    for (MetaImpl.MetaSchema m : schemas(catalog, new LikePattern(schemaPattern.s))) {
      final CalciteSchema s = schema(m.tableSchem);
      for (MetaImpl.MetaTable t : tables(m, new LikePattern(tableNamePattern.s))) {
        final CalciteSchema.TableEntry entry = s.getTable(t.tableName, false);
        if (entry != null && entry.getTable() instanceof ApiTable table) {
          for (String privilege : table.adapter().privileges(table.entry())) {
            rows.add(new MetaImpl.MetaTablePrivilege(catalog, m.tableSchem, entry.name, null, "CURRENT_USER",
                privilege, "NO"));
          }
        }
      }
    }
    rows.sort(Comparator.comparing((MetaImpl.MetaTablePrivilege p) -> p.tableSchem)
        .thenComparing(p -> p.tableName).thenComparing(p -> p.privilege));
    return resultSet(rows, MetaImpl.MetaTablePrivilege.class, TABLE_PRIVILEGE_COLUMNS);
  }

  /** A metadata result set of {@code rows}, one column per public field of {@code type} that {@code names} names. */
  private MetaResultSet resultSet(List<?> rows, Class<?> type, List<String> names) {
    final List<ColumnMetaData> columns = new ArrayList<>();
    final List<Field> fields = new ArrayList<>();
    final List<String> fieldNames = new ArrayList<>();
    for (String name : names) {
      final String fieldName = AvaticaUtils.toCamelCase(name);
      try {
        fields.add(type.getField(fieldName));
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(type.getSimpleName() + " has no field " + fieldName, e);
      }
      columns.add(columnMetaData(name, columns.size(), fields.get(fields.size() - 1).getType(), false));
      fieldNames.add(fieldName);
    }
    return createResultSet(Map.of(), columns, CursorFactory.record(type, fields, fieldNames),
        new Frame(0, true, List.<Object>copyOf(rows)));
  }

  private CalciteSchema schema(String name) {
    return getConnection().rootSchema.getSubSchema(name, true);
  }

  private static boolean returnsTable(Function f) {
    return f instanceof TableMacro || f instanceof TableFunction;
  }

  /** A LIKE pattern matched against lower-case names: lower-casing leaves {@code %}, {@code _} and {@code \} as they are. */
  private static Predicate1<String> caseless(LikePattern pattern) {
    return LikePattern.matcher(lower(pattern.pattern));
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
