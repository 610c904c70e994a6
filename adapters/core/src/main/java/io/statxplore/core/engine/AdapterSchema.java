package io.statxplore.core.engine;

import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.TableEntry;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;

import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.Named;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The tables of one API in one connection. Listed on first use and kept for the life of the
 * connection; listing fetches no table's columns. It owns what the connection's queries share:
 * the adapter, and the threads that fetch the parts of split queries ahead, at most
 * {@code parallelism} (started when first needed, ended when idle); closing it closes both.
 */
public final class AdapterSchema extends AbstractSchema implements AutoCloseable {
  private static final long IDLE_SECONDS = 30;

  private final ApiAdapter adapter;
  private final ThreadPoolExecutor background;
  private final Supplier<Map<String, Table>> tables;

  /** @param parallelism threads that fetch parts ahead, shared by the connection's statements */
  public AdapterSchema(ApiAdapter adapter, int parallelism) {
    this.adapter = adapter;
    this.background = new ThreadPoolExecutor(parallelism, parallelism, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          final Thread t = new Thread(r, "statxplore-part");
          t.setDaemon(true);
          return t;
        });
    background.allowCoreThreadTimeOut(true);
    this.tables = Suppliers.memoize(() -> {
      final Map<String, Table> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (TableEntry e : adapter.tables()) {
        map.put(e.name(), adapter.table(e, background));
      }
      return map;
    });
  }

  /** The adapter's unlisted table {@code name} ({@link ApiAdapter#unlisted}), or null. */
  public @Nullable Named<Table> unlisted(String name) {
    final TableEntry e = adapter.unlisted(name);
    return e == null ? null : new Named<>(e.name(), adapter.table(e, background));
  }

  @Override protected Map<String, Table> getTableMap() {
    return tables.get();
  }

  @Override protected Multimap<String, Function> getFunctionMultimap() {
    return ImmutableMultimap.copyOf(adapter.functions().entrySet());
  }

  /**
   * Stops the part threads (a part in flight is aborted by its statement's scope, which the
   * connection cancels first) and closes the adapter.
   */
  @Override public void close() {
    try {
      background.shutdownNow();
    } finally {
      adapter.close();
    }
  }
}
