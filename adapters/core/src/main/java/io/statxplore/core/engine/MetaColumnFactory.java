package io.statxplore.core.engine;

import io.statxplore.core.spi.ApiTable;

import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalciteMetaColumnFactory;
import org.apache.calcite.schema.Table;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.Locale;

/**
 * Fills {@code REMARKS} of {@code DatabaseMetaData.getColumns} with each column's label and the
 * URI it came from, {@code NULLABLE} with what the table knows ({@link ApiTable#neverNull}), and
 * {@code COLUMN_SIZE} of text of no declared length with {@link #UNBOUNDED} instead of -1. Named
 * by the connection property {@code metaColumnFactory}.
 */
public final class MetaColumnFactory implements CalciteMetaColumnFactory {
  /**
   * The size of text columns: labels, codes and text fields have no length an API promises, so
   * the bound is the largest a JDBC size can say (as databases report unbounded text).
   */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

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

    /**
     * The name a column pattern of {@code getColumns} is matched against: lower case, since names
     * are matched ignoring case (the driver's metadata lower-cases the pattern too).
     */
    @Override public String getName() {
      return columnName.toLowerCase(Locale.ROOT);
    }
  }

  @Override public MetaImpl.MetaColumn createColumn(Table table, String tableCat, String tableSchem,
      String tableName, String columnName, int dataType, String typeName, Integer columnSize,
      Integer decimalDigits, int numPrecRadix, int nullable, Integer charOctetLength,
      int ordinalPosition, String isNullable) {
    final String remarks = table instanceof ApiTable t ? t.columnRemarks(columnName) : null;
    final boolean neverNull = table instanceof ApiTable t && t.neverNull(columnName);
    final Integer size = dataType == Types.VARCHAR && (columnSize == null || columnSize < 0) ? UNBOUNDED : columnSize;
    return new RemarkedColumn(tableCat, tableSchem, tableName, columnName, dataType, typeName,
        size, decimalDigits, numPrecRadix, neverNull ? DatabaseMetaData.columnNoNulls : nullable,
        dataType == Types.VARCHAR ? size : charOctetLength, ordinalPosition, neverNull ? "NO" : isNullable, remarks);
  }

  @Override public Class<? extends MetaImpl.MetaColumn> getMetaColumnClass() {
    return RemarkedColumn.class;
  }
}
