package io.statxplore.core.testkit;

import io.statxplore.core.cube.CubeAdapter;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.record.Agg;
import io.statxplore.core.record.Output;
import io.statxplore.core.record.Pred;
import io.statxplore.core.record.RecordAdapter;
import io.statxplore.core.record.RecordColumn;
import io.statxplore.core.record.RecordCursor;
import io.statxplore.core.record.RecordQuery;
import io.statxplore.core.record.RecordTableMeta;
import io.statxplore.core.spi.TableEntry;

import org.apache.calcite.schema.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adapters that note each query the engine asks them to execute, then let the real adapter do
 * it. The engine sees the recording adapter (its tables are built over it), so every request of
 * every statement passes through.
 */
final class Recording {
  private Recording() {
  }

  /**
   * {@code adapter} with {@link CubeAdapter#execute} noted. A default method the adapter does not
   * override runs on the recording adapter, so that what it creates (the tables) calls back through it.
   */
  static CubeAdapter cube(CubeAdapter adapter, Consumer<CubeQuery> log) {
    final InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("execute") && args != null && args.length == 2 && args[0] instanceof CubeQuery q) {
        log.accept(q);
      }
      if (method.isDefault() && adapter.getClass().getMethod(method.getName(), method.getParameterTypes()).isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      try {
        return method.invoke(adapter, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (CubeAdapter) Proxy.newProxyInstance(CubeAdapter.class.getClassLoader(), new Class<?>[] {CubeAdapter.class},
        handler);
  }

  /** {@code adapter} with {@link RecordAdapter#execute} noted; its tables are this adapter's. */
  static RecordAdapter record(RecordAdapter adapter, Consumer<RecordQuery> log) {
    return new RecordAdapter() {
      @Override public List<TableEntry> tables() {
        return adapter.tables();
      }

      @Override public @Nullable TableEntry unlisted(String name) {
        return adapter.unlisted(name);
      }

      @Override public List<String> privileges(TableEntry table) {
        return adapter.privileges(table);
      }

      @Override public Map<String, Function> functions() {
        return adapter.functions();
      }

      @Override public RecordTableMeta columns(TableEntry table) {
        return adapter.columns(table);
      }

      @Override public FilterSupport filter(Pred pred) {
        return adapter.filter(pred);
      }

      @Override public boolean canGroupBy(RecordColumn column) {
        return adapter.canGroupBy(column);
      }

      @Override public boolean canGroupBy(RecordQuery query, List<RecordColumn> keys) {
        return adapter.canGroupBy(query, keys);
      }

      @Override public boolean canAggregate(Agg.Function function, @Nullable RecordColumn column) {
        return adapter.canAggregate(function, column);
      }

      @Override public boolean canAggregate(TableEntry table, Agg.Function function, @Nullable RecordColumn column) {
        return adapter.canAggregate(table, function, column);
      }

      @Override public boolean canSort(Output output) {
        return adapter.canSort(output);
      }

      @Override public RecordCursor execute(RecordQuery query, CallScope scope) {
        log.accept(query);
        return adapter.execute(query, scope);
      }

      @Override public String explain(RecordQuery query) {
        return adapter.explain(query);
      }

      @Override public long insert(RecordTableMeta table, List<Object[]> rows) {
        return adapter.insert(table, rows);
      }

      @Override public void close() {
        adapter.close();
      }
    };
  }
}
