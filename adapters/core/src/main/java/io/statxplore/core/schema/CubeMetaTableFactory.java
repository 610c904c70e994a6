package io.statxplore.core.schema;

import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalciteMetaTableFactory;
import org.apache.calcite.schema.Table;

/**
 * Fills {@code REMARKS} of {@code DatabaseMetaData.getTables} with each remote table's folder
 * and label. Named by the connection property {@code metaTableFactory}.
 */
public final class CubeMetaTableFactory implements CalciteMetaTableFactory {
  /** A table row with remarks. The field hides {@link MetaImpl.MetaTable}'s always-null one. */
  public static final class RemarkedTable extends MetaImpl.MetaTable {
    public final String remarks;

    RemarkedTable(String tableCat, String tableSchem, String tableName, String tableType,
        String remarks) {
      super(tableCat, tableSchem, tableName, tableType);
      this.remarks = remarks;
    }
  }

  @Override public MetaImpl.MetaTable createTable(Table table, String tableCat, String tableSchem,
      String tableName) {
    return new RemarkedTable(tableCat, tableSchem, tableName, table.getJdbcTableType().jdbcName,
        table instanceof CubeTable c ? c.entry().remarks() : null);
  }

  @Override public Class<? extends MetaImpl.MetaTable> getMetaTableClass() {
    return RemarkedTable.class;
  }
}
