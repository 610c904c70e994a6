package io.statxplore.core.engine;

import io.statxplore.core.spi.ApiTable;

import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalciteMetaColumnFactory;
import org.apache.calcite.schema.Table;

/**
 * Fills {@code REMARKS} of {@code DatabaseMetaData.getColumns} with each column's label and the
 * URI it came from. Named by the connection property {@code metaColumnFactory}.
 */
public final class MetaColumnFactory implements CalciteMetaColumnFactory {
  /** A column row with remarks. The field hides {@link MetaImpl.MetaColumn}'s always-null one. */
  public static final class RemarkedColumn extends MetaImpl.MetaColumn {
    public final String remarks;

    @SuppressWarnings("checkstyle:ParameterNumber")
    RemarkedColumn(String tableCat, String tableSchem, String tableName, String columnName,
        int dataType, String typeName, Integer columnSize, Integer decimalDigits, int numPrecRadix,
        int nullable, Integer charOctetLength, int ordinalPosition, String isNullable,
        String remarks) {
      super(tableCat, tableSchem, tableName, columnName, dataType, typeName, columnSize,
          decimalDigits, numPrecRadix, nullable, charOctetLength, ordinalPosition, isNullable,
          "NO", "NO");
      this.remarks = remarks;
    }
  }

  @Override public MetaImpl.MetaColumn createColumn(Table table, String tableCat, String tableSchem,
      String tableName, String columnName, int dataType, String typeName, Integer columnSize,
      Integer decimalDigits, int numPrecRadix, int nullable, Integer charOctetLength,
      int ordinalPosition, String isNullable) {
    final String remarks = table instanceof ApiTable t ? t.columnRemarks(columnName) : null;
    return new RemarkedColumn(tableCat, tableSchem, tableName, columnName, dataType, typeName,
        columnSize, decimalDigits, numPrecRadix, nullable, charOctetLength, ordinalPosition,
        isNullable, remarks);
  }

  @Override public Class<? extends MetaImpl.MetaColumn> getMetaColumnClass() {
    return RemarkedColumn.class;
  }
}
