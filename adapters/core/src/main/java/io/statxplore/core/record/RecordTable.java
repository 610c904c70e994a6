package io.statxplore.core.record;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.spi.ApiTable;
import io.statxplore.core.spi.TableEntry;

import com.google.common.base.Suppliers;

import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.lang.reflect.Type;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/** A record-shaped remote table; its columns are fetched when first planned, then kept. */
public final class RecordTable extends AbstractTable implements TranslatableTable, ModifiableTable, ApiTable {
  /** Rows assumed when planning; only the order of magnitude matters. */
  static final double ROWS = 1e5;

  private final RecordAdapter adapter;
  private final TableEntry entry;
  private final Supplier<RecordTableMeta> meta;

  RecordTable(RecordAdapter adapter, TableEntry entry) {
    this.adapter = adapter;
    this.entry = entry;
    this.meta = Suppliers.memoize(() -> adapter.columns(entry));
  }

  @Override public RecordAdapter adapter() {
    return adapter;
  }

  @Override public TableEntry entry() {
    return entry;
  }

  public RecordTableMeta meta() {
    return meta.get();
  }

  @Override public @Nullable String columnRemarks(String column) {
    return meta().column(column).map(RecordColumn::remarks).orElse(null);
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

  @Override public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table,
      Prepare.CatalogReader catalogReader, RelNode child, TableModify.Operation operation,
      @Nullable List<String> updateColumnList, @Nullable List<RexNode> sourceExpressionList, boolean flattened) {
    if (operation != TableModify.Operation.INSERT) {
      throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, operation + " is not supported: remote tables take INSERT only");
    }
    return LogicalTableModify.create(table, catalogReader, child, operation, updateColumnList, sourceExpressionList,
        flattened);
  }

  /**
   * Rows to append, sent when Calcite asks for the size. Calcite's INSERT reads the size, adds
   * every row, then reads the size again and reports the difference as the update count: so the
   * second read sends the rows in one request and counts what the API accepted. Calcite adds the
   * row of a one-column table as its bare value; the adapter gets every row as an array.
   */
  @Override public Collection getModifiableCollection() {
    return new AbstractCollection<Object>() {
      private final List<Object[]> pending = new ArrayList<>();
      private long written;

      @Override public boolean add(@Nullable Object row) {
        return pending.add(row instanceof Object[] values ? values : new Object[] {row});
      }

      @Override public int size() {
        if (!pending.isEmpty()) {
          written += adapter.insert(meta(), List.copyOf(pending));
          pending.clear();
        }
        return (int) written;
      }

      @Override public Iterator<Object> iterator() {
        return Collections.emptyIterator();
      }
    };
  }

  @Override public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("rows are read through toRel");
  }

  @Override public Type getElementType() {
    return Object[].class;
  }

  @Override public Expression getExpression(SchemaPlus schema, String tableName, Class clazz) {
    return Schemas.tableExpression(schema, getElementType(), tableName, clazz);
  }

  @Override public String toString() {
    return "RecordTable[" + entry.name() + "]";
  }
}
