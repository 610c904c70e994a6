package io.statxplore.core.spi;

import org.apache.calcite.schema.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One API of a connection, as its schema sees it: the tables it lists and the functions it adds.
 * A cube adapter ({@code core.cube.CubeAdapter}) serves cube tables, a record adapter
 * ({@code core.record.RecordAdapter}) record tables. Implementations are per connection and may
 * cache.
 */
public interface ApiAdapter extends AutoCloseable {
  /** The tables of the API. Must not fetch any table's columns. */
  List<TableEntry> tables();

  /**
   * The SQL table of {@code entry}, one of {@link #tables()}; its columns are read when first
   * planned.
   *
   * @param background the connection's executor for requests fetched ahead (the parts of a split
   *     query), bounded by its {@code parallelism} and shut down when the connection closes
   */
  ApiTable table(TableEntry entry, Executor background);

  /**
   * The privileges the connection's credentials hold on {@code table} ({@code SELECT},
   * {@code INSERT}, {@code UPDATE}, {@code DELETE}), as the API reports them for
   * {@code DatabaseMetaData.getTablePrivileges}; empty if the API reports none.
   */
  default List<String> privileges(TableEntry table) {
    return List.of();
  }

  /**
   * A table the adapter serves without listing it (e.g. one per dimension of a listed table,
   * which listing would have to read every table's model to name), by {@code name} ignoring case,
   * or null: asked when SQL names a table that {@link #tables()} lacks.
   */
  default @Nullable TableEntry unlisted(String name) {
    return null;
  }

  /** SQL functions the adapter adds to its schema, by name (e.g. a table function). */
  default Map<String, Function> functions() {
    return Map.of();
  }

  /**
   * The version of the API as the API reports it, for {@code DatabaseMetaData.getDatabaseProductVersion};
   * empty where it tells none. The driver asks when a caller first wants it, at most once per connection.
   */
  default Optional<String> productVersion() {
    return Optional.empty();
  }

  @Override void close();
}
