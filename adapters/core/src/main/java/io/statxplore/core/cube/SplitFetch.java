package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.RequestLimits;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Sends a query as the requests the API takes, read as one stream of cells, each answer checked
 * against its own request ({@link AnswerCheck}): one request; or, for more measures than the API
 * takes in one, a request per group of measures joined on their items ({@link MeasureSplit});
 * or, for Totals the API gives by separate requests, a part per combination of rolled-up
 * dimensions; or, when its answer would have more cells than the API allows (estimated from the
 * item lists already fetched, or reported by the API's cell-limit error; under a
 * {@link RequestLimits#maxCellsPerRequest()} below the default, from item lists fetched first), or when the server's
 * gateway times out on it (HTTP 504, then not retried but split in halves), parts of at most
 * {@link RequestLimits#maxCellsPerRequest()} cells. Parts are read one after the other; at most
 * {@link RequestLimits#parallelism()} are open at once, the one being read included, fetched on
 * the connection's executor. An ordered or paged query is never split: its parts would not be
 * in its order.
 */
final class SplitFetch implements CellCursor {
  private static final List<ResultItem> TOTAL = List.of(new ResultItem("Total", "", true));
  private static final int GATEWAY_TIMEOUT = 504;
  private final CubeAdapter adapter;
  private final CallScope scope;
  private final Executor executor;
  private final Iterator<RequestSplitter.Part> pending;
  private final Deque<Fetch> inFlight = new ArrayDeque<>();
  /** Per dimension of the part being read: whether it is a split dimension's own Total. */
  private boolean[] totals = new boolean[0];
  private @Nullable CellCursor current;

  /** One part being fetched. */
  private record Fetch(RequestSplitter.Part part, CompletableFuture<CellCursor> cells) { }

  private SplitFetch(CubeAdapter adapter, List<RequestSplitter.Part> parts, CallScope scope, Executor executor) {
    this.adapter = adapter;
    this.scope = scope.child();
    this.executor = executor;
    this.pending = parts.iterator();
    for (int i = 0; i < adapter.limits().parallelism() && pending.hasNext(); i++) {
      submit();
    }
  }

  /**
   * The cells of {@code query}, from one request or several.
   *
   * @param executor where parts fetched ahead are fetched: the connection's
   */
  static CellCursor open(CubeAdapter adapter, CubeQuery query, CallScope scope, Executor executor) {
    final CubeCapabilities capabilities = adapter.capabilities();
    if (query.measures().size() > capabilities.measuresPerRequest()) {
      return MeasureSplit.open(adapter, query, scope, executor);
    }
    if (capabilities.totals() == CubeCapabilities.Totals.SEPARATE_REQUEST
        && query.dimensions().stream().anyMatch(DimensionRequest::total)) {
      return new SplitFetch(adapter, RequestSplitter.separateTotals(query), scope, executor);
    }
    if (query.isOrderedOrPaged()) {
      return send(adapter, query, scope);
    }
    final RequestLimits limits = adapter.limits();
    long estimate = RequestSplitter.cells(query, false);
    if (estimate < 0 && limits.maxCellsPerRequest() < RequestLimits.DEFAULT.maxCellsPerRequest()) {
      // Set below the API's own limit, the setting is a ceiling that no request may pass: the item
      // lists the estimate lacks (a GET each, kept by the connection) are read before the /table request.
      estimate = RequestSplitter.cells(query, true);
    }
    if (estimate > limits.maxCellsPerRequest()) {
      return split(adapter, query, scope, executor, limits.maxCellsPerRequest(), estimate);
    }
    try {
      return send(adapter, query, estimate == 1 ? scope : scope.splitOnGatewayTimeout());
    } catch (ApiException e) {
      if (e.httpStatus() == GATEWAY_TIMEOUT) {
        return splitInHalves(adapter, query, scope, executor, e);
      }
      if (e.kind() != ApiErrorKind.LIMIT_EXCEEDED) {
        throw e;
      }
      // The API's own limit is lower than ours, or the estimate lacked item counts.
      final long cells = RequestSplitter.cells(query, true);
      final long perRequest = Math.min(limits.maxCellsPerRequest(), e.limit() != null ? e.limit() : cells / 2);
      if (perRequest < 1 || cells <= perRequest) {
        throw e;  // a limit of the whole query, or one the API counts differently: a split would not pass
      }
      return split(adapter, query, scope, executor, perRequest, cells);
    }
  }

  /** One request, its answer checked against it. */
  private static CellCursor send(CubeAdapter adapter, CubeQuery query, CallScope scope) {
    return AnswerCheck.checked(adapter.execute(query, scope), query, adapter.serviceName());
  }

  /** The server gave up on the answer's size (its gateway timed out): halves, and halves of those, may pass. */
  private static CellCursor splitInHalves(CubeAdapter adapter, CubeQuery query, CallScope scope, Executor executor,
      ApiException e) {
    final long half = RequestSplitter.half(query, adapter.capabilities());
    if (half < 1) {
      throw e;
    }
    try {
      return split(adapter, query, scope, executor, Math.min(adapter.limits().maxCellsPerRequest(), half),
          RequestSplitter.cells(query, true));
    } catch (ApiException cannot) {
      e.addSuppressed(cannot);
      throw e;
    }
  }

  private static CellCursor split(CubeAdapter adapter, CubeQuery query, CallScope scope, Executor executor,
      long perRequest, long cells) {
    final long maxCells = adapter.limits().maxCells();
    if (cells > maxCells) {
      throw new ApiException(ApiErrorKind.LIMIT_EXCEEDED, "The answer would have " + cells + " cells, "
          + (cells + perRequest - 1) / perRequest + " requests of at most " + perRequest + " cells; the"
          + " connection allows at most " + maxCells + " cells per query (property maxCells). Filter on more"
          + " fields, group by fewer, or raise maxCells.");
    }
    return new SplitFetch(adapter, RequestSplitter.split(query, perRequest, adapter.capabilities()), scope, executor);
  }

  private void submit() {
    final RequestSplitter.Part next = pending.next();
    inFlight.add(new Fetch(next, CompletableFuture.supplyAsync(() -> open(adapter, next.query(), scope, executor),
        executor)));
  }

  @Override public boolean next() {
    while (current == null || !current.next()) {
      if (current != null) {
        current.close();
        current = null;
        if (pending.hasNext()) {
          submit();
        }
      }
      final Fetch fetch = inFlight.poll();
      if (fetch == null) {
        return false;
      }
      totals = new boolean[fetch.part().query().dimensions().size()];
      fetch.part().totals().forEach(d -> totals[d] = true);
      current = await(fetch.cells());
    }
    return true;
  }

  private static CellCursor await(CompletableFuture<CellCursor> cells) {
    try {
      return cells.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof ApiException api ? api
          : new ApiException(ApiErrorKind.BAD_RESPONSE, "A part of a split query failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException | CancellationException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiErrorKind.CANCELLED, "Interrupted while waiting for a part of a split query", e);
    }
  }

  @Override public List<ResultItem> items(int dimension) {
    return totals[dimension] ? TOTAL : current.items(dimension);
  }

  @Override public int item(int dimension) {
    return totals[dimension] ? 0 : current.item(dimension);
  }

  @Override public Double value(int measure) {
    return current.value(measure);
  }

  /**
   * Closes the answer being read and aborts the parts fetched ahead (rows closed early must leave
   * no call behind); a part that arrived meanwhile is closed.
   */
  @Override public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
    if (!inFlight.isEmpty()) {
      CallScope.cancel(scope.cancelled());
    }
    inFlight.forEach(fetch -> fetch.cells().thenAccept(CellCursor::close));
    inFlight.clear();
  }
}
