package io.statxplore.core.record;

import io.statxplore.core.adapter.TableEntry;

import com.google.common.base.Suppliers;

import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

import java.util.List;
import java.util.function.Supplier;

/** A record-shaped remote table; its columns are fetched when first planned, then kept. */
public final class RecordTable extends AbstractTable implements TranslatableTable {
  /** Rows assumed when planning; only the order of magnitude matters. */
  static final double ROWS = 1e5;

  private final RecordAdapter adapter;
  private final TableEntry entry;
  private final Supplier<RecordTableMeta> meta;

  public RecordTable(RecordAdapter adapter, TableEntry entry) {
    this.adapter = adapter;
    this.entry = entry;
    this.meta = Suppliers.memoize(() -> adapter.columns(entry));
  }

  public RecordAdapter adapter() {
    return adapter;
  }

  public TableEntry entry() {
    return entry;
  }

  public RecordTableMeta meta() {
    return meta.get();
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    final RelDataTypeFactory.Builder b = typeFactory.builder();
    meta().columns().forEach(c -> b.add(c.name(), c.type()).nullable(true));
    return b.build();
  }

  @Override public Statistic getStatistic() {
    return Statistics.of(ROWS, List.of());
  }

  @Override public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return RecordRel.scan(context.getCluster(), relOptTable, this);
  }

  @Override public String toString() {
    return "RecordTable[" + entry.name() + "]";
  }
}
