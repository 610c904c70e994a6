package io.statxplore.cubes;

import io.statxplore.core.engine.PlannerSettings;
import io.statxplore.cubes.emulator.BudgetData;

import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * An independent engine: the emulator's entries of a dataset as a plain in-memory Calcite table
 * {@code ref.t}, with the adapter's column names, for differential tests.
 */
final class Reference implements AutoCloseable {
  private static final List<String> ATTRIBUTES = List.of("time.year", "region.name", "region.label", "cofog1.name",
      "cofog1.label", "cofog2.name", "cofog2.label", "cofog3.name", "cofog3.label", "from.name", "from.label",
      "to.name", "to.label");

  final CubesSql sql;

  Reference(BudgetData.Dataset dataset) throws SQLException {
    final Properties properties = new Properties();
    properties.putAll(PlannerSettings.CALCITE);
    final Connection c = new org.apache.calcite.jdbc.Driver().connect("jdbc:calcite:", properties);
    final List<Object[]> rows = new ArrayList<>();
    for (BudgetData.Entry e : dataset.entries()) {
      final Object[] row = new Object[ATTRIBUTES.size() + 3];
      row[0] = e.id();
      for (int i = 0; i < ATTRIBUTES.size(); i++) {
        row[i + 1] = e.values().get(ATTRIBUTES.get(i));
      }
      row[row.length - 2] = e.amount();
      row[row.length - 1] = 1L;
      rows.add(row);
    }
    final AbstractSchema schema = new AbstractSchema() {
      @Override protected java.util.Map<String, org.apache.calcite.schema.Table> getTableMap() {
        return java.util.Map.of("t", new Entries(rows));
      }
    };
    c.unwrap(CalciteConnection.class).getRootSchema().add("ref", schema);
    this.sql = new CubesSql(c);
  }

  private static final class Entries extends AbstractTable implements ScannableTable {
    private final List<Object[]> rows;

    Entries(List<Object[]> rows) {
      this.rows = rows;
    }

    @Override public RelDataType getRowType(RelDataTypeFactory f) {
      final RelDataTypeFactory.Builder b = f.builder();
      b.add("id", SqlTypeName.VARCHAR).nullable(true);
      for (String a : ATTRIBUTES) {
        b.add(a.replace('.', '_'), a.equals("time.year") ? SqlTypeName.BIGINT : SqlTypeName.VARCHAR).nullable(true);
      }
      b.add("amount", SqlTypeName.DOUBLE).nullable(true);
      return b.add("num_entries", SqlTypeName.BIGINT).nullable(true).build();
    }

    @Override public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(rows);
    }
  }

  @Override public void close() throws Exception {
    sql.close();
  }
}
