package io.statxplore.superstar;

import io.statxplore.core.adapter.AdapterContext;
import io.statxplore.core.adapter.RequestLimits;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.adapter.CellCursor;
import io.statxplore.core.meta.CubeTableMeta;
import io.statxplore.core.meta.DimensionMeta;
import io.statxplore.core.meta.Item;
import io.statxplore.core.meta.MeasureFunction;
import io.statxplore.core.meta.MeasureMeta;
import io.statxplore.core.query.CubeQuery;
import io.statxplore.core.query.DimensionRequest;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.util.ImmutableBitSet;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Serves one {@code /table} body and reads it with the adapter, for parser tests. */
final class ResponseHarness implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final SuperstarAdapter adapter;

  ResponseHarness() throws IOException {
    server.start();
    adapter = new SuperstarAdapter(new AdapterContext(server.url("/webapi/rest/v1"), null, null,
        Duration.ofSeconds(10), 0, RequestLimits.DEFAULT, SqlParserImpl.FACTORY));
  }

  /** A query whose dimensions and measures have these URIs (what a parser needs to know). */
  static CubeQuery query(String database, List<String> fields, List<String> measures) {
    final List<DimensionMeta> dims = fields.stream().map(f -> new DimensionMeta(f, f, f, f, List::<Item>of)).toList();
    final List<MeasureMeta> ms = measures.stream()
        .map(m -> new MeasureMeta(m, m, MeasureFunction.COUNT, m)).toList();
    final CubeTableMeta table = CubeTableMeta.of(database, "t", dims, ms, SqlParserImpl.FACTORY);
    return new CubeQuery(table, dims.stream().map(d -> DimensionRequest.all(d, false)).toList(), ms,
        List.of(), List.of(ImmutableBitSet.of()), List.of(), null);
  }

  /** Executes {@code query} against a server answering {@code body}. */
  CellCursor answer(CubeQuery query, String body) {
    server.enqueue(new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json;charset=UTF-8").body(body).build());
    return adapter.execute(query, CallScope.NONE);
  }

  @Override public void close() {
    adapter.close();
    server.close();
  }
}
