package io.statxplore.core.cube;

import io.statxplore.core.spi.ApiTable;
import io.statxplore.core.spi.TableEntry;

import com.google.common.base.Suppliers;

import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A remote table. Its columns are fetched the first time Calcite asks for its row type (not
 * when tables are listed), then kept for the life of the connection.
 */
public final class CubeTable extends AbstractTable implements TranslatableTable, ApiTable {
  /** Row count assumed for the finest grain when planning; only its order of magnitude matters. */
  private static final double FINEST_GRAIN_ROWS = 1e6;

  private final CubeAdapter adapter;
  private final TableEntry entry;
  private final Supplier<CubeTableMeta> meta;
  private final Executor background;

  CubeTable(CubeAdapter adapter, TableEntry entry, Executor background) {
    this.adapter = adapter;
    this.entry = entry;
    this.background = background;
    this.meta = Suppliers.memoize(() -> adapter.describe(entry));
  }

  @Override public CubeAdapter adapter() {
    return adapter;
  }

  /** The connection's executor for parts of a split query fetched ahead. */
  Executor background() {
    return background;
  }

  @Override public TableEntry entry() {
    return entry;
  }

  /** The columns; fetched on first call. */
  public CubeTableMeta meta() {
    return meta.get();
  }

  @Override public @Nullable String columnRemarks(String column) {
    return meta().column(column).map(ColumnMeta::remarks).orElse(null);
  }

  /**
   * The code columns, where every field has one classification: a row is one item of each field,
   * and an item's code tells it from the others of its classification (labels may repeat).
   */
  @Override public List<String> keyColumns() {
    final CubeTableMeta m = meta();
    return m.dimensions().stream().allMatch(d -> alone(m, d))
        ? m.columns().stream().filter(c -> c.kind() == ColumnMeta.Kind.CODE).map(ColumnMeta::name).toList()
        : List.of();
  }

  /**
   * The label and code of a field with one classification: every row names one of its items. A
   * field with several leaves the columns of those not chosen NULL; a cell's measure may be empty.
   */
  @Override public boolean neverNull(String column) {
    final CubeTableMeta m = meta();
    return m.column(column).filter(ColumnMeta::isDimension).map(c -> alone(m, m.dimensionOf(c))).orElse(false);
  }

  /** Whether {@code d} is the only classification of its field. */
  private static boolean alone(CubeTableMeta m, DimensionMeta d) {
    return m.dimensions().stream().filter(o -> o.fieldId().equals(d.fieldId())).count() == 1;
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    final RelDataTypeFactory.Builder b = typeFactory.builder();
    // Every column is nullable: cells may be empty, and rolled-up group keys are NULL.
    for (ColumnMeta c : meta().columns()) {
      b.add(c.name(), c.isDimension() ? SqlTypeName.VARCHAR : SqlTypeName.DOUBLE).nullable(true);
    }
    return b.build();
  }

  @Override public Statistic getStatistic() {
    return Statistics.of(FINEST_GRAIN_ROWS, List.of());
  }

  @Override public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return CubeQueryRel.scan(context.getCluster(), relOptTable, this);
  }

  @Override public String toString() {
    return "CubeTable[" + entry.name() + "]";
  }
}
