package io.statxplore.core.engine;

import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.TableEntry;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;

import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

import java.util.TreeMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tables of one API. Listed on first use and kept for the life of the connection; listing
 * fetches no table's columns.
 */
public final class AdapterSchema extends AbstractSchema implements AutoCloseable {
  private final ApiAdapter adapter;
  private final Supplier<Map<String, Table>> tables;

  public AdapterSchema(ApiAdapter adapter) {
    this.adapter = adapter;
    this.tables = Suppliers.memoize(() -> {
      final Map<String, Table> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (TableEntry e : adapter.tables()) {
        map.put(e.name(), adapter.table(e));
      }
      return map;
    });
  }

  @Override protected Map<String, Table> getTableMap() {
    return tables.get();
  }

  @Override protected Multimap<String, Function> getFunctionMultimap() {
    return ImmutableMultimap.copyOf(adapter.functions().entrySet());
  }

  @Override public void close() {
    adapter.close();
  }
}
