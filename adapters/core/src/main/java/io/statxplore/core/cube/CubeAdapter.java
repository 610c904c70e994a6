package io.statxplore.core.cube;

import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.core.spi.TableEntry;

import java.util.concurrent.Executor;

/**
 * One API, seen by the engine: its tables, their metadata, and how a {@link CubeQuery} becomes
 * a request and its answer a stream of cells. Implementations are per connection and may cache.
 */
public interface CubeAdapter extends ApiAdapter {
  /** The columns of one table. */
  CubeTableMeta describe(TableEntry table);

  @Override default CubeTable table(TableEntry entry, Executor background) {
    return new CubeTable(this, entry, background);
  }

  /** What the API computes, which the rules and the runner consult. */
  CubeCapabilities capabilities();

  /** Sends the request for a query, within the statement's scope, and streams its cells. */
  CellCursor execute(CubeQuery query, CallScope scope);

  /** The API's name in messages, e.g. {@code Stat-Xplore}. */
  String serviceName();

  /** How large one request may be; {@link CubeRunner} splits larger ones. */
  RequestLimits limits();

  /** The request {@link #execute} would send, as the API's own text (for EXPLAIN). */
  String explain(CubeQuery query);
}
