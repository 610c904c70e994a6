package io.statxplore.core.engine;

import io.statxplore.core.spi.ApiTable;

import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalciteMetaImpl;
import org.apache.calcite.jdbc.CalciteMetaTableFactory;
import org.apache.calcite.schema.Table;

/**
 * Fills {@code REMARKS} of {@code DatabaseMetaData.getTables} with each remote table's folder
 * and label. Named by the connection property {@code metaTableFactory}.
 */
public final class MetaTableFactory implements CalciteMetaTableFactory {
  /** A table row with remarks. The field hides {@link MetaImpl.MetaTable}'s always-null one. */
  public static final class RemarkedTable extends CalciteMetaImpl.CalciteMetaTable {
    public final String remarks;

    RemarkedTable(Table table, String tableCat, String tableSchem, String tableName, String remarks) {
      super(table, tableCat, tableSchem, tableName);
      this.remarks = remarks;
    }
  }

  @Override public MetaImpl.MetaTable createTable(Table table, String tableCat, String tableSchem,
      String tableName) {
    return new RemarkedTable(table, tableCat, tableSchem, tableName,
        table instanceof ApiTable t ? t.entry().remarks() : null);
  }

  @Override public Class<? extends MetaImpl.MetaTable> getMetaTableClass() {
    return RemarkedTable.class;
  }
}
