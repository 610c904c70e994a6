package org.apache.calcite.jdbc;

import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.function.Predicate1;
import org.apache.calcite.schema.lookup.LikePattern;

import java.util.Locale;

/**
 * Calcite's metadata with the driver's identifier rule: names are matched ignoring case, in SQL
 * and in {@code DatabaseMetaData} look-ups alike, so {@code getTables(null, null, "UC_Households",
 * null)} finds the table SQL knows as {@code uc_households}, as {@code FROM UC_Households} does.
 * Names are unique ignoring case in each schema and table, so a pattern without wildcards still
 * finds at most one. It lives in Calcite's package to refine its package-private look-ups.
 */
public class StatXploreMeta extends CalciteMetaImpl {
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
    return super.schemas(catalog, LikePattern.any()).where(s -> matches.apply(lower(s.tableSchem)));
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

  /** A LIKE pattern matched against lower-case names: lower-casing leaves {@code %}, {@code _} and {@code \} as they are. */
  private static Predicate1<String> caseless(LikePattern pattern) {
    return LikePattern.matcher(lower(pattern.pattern));
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
