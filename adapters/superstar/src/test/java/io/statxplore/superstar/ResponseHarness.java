package io.statxplore.superstar;

import io.statxplore.core.cube.CellCursor;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.cube.CubeTableMeta;
import io.statxplore.core.cube.DimensionMeta;
import io.statxplore.core.cube.DimensionRequest;
import io.statxplore.core.cube.Item;
import io.statxplore.core.cube.MeasureFunction;
import io.statxplore.core.cube.MeasureMeta;
import io.statxplore.core.http.CallScope;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.util.ImmutableBitSet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Serves one {@code /table} body and reads it with the adapter, for parser tests. */
final class ResponseHarness implements AutoCloseable {
  private final CannedServer server = new CannedServer();
  private final SuperstarAdapter adapter = server.adapter();

  /** A query whose dimensions and measures have these URIs (what a parser needs to know). */
  static CubeQuery query(String database, List<String> fields, List<String> measures) {
    return query(database, fields, measures, 0);
  }

  /**
   * The same, with fields of {@code items} items each, fetched only when asked for (as a server's
   * value lists are): the request asks for all of them.
   */
  static CubeQuery query(String database, List<String> fields, List<String> measures, int items) {
    final List<DimensionMeta> dims = fields.stream().map(f -> new DimensionMeta(f, f, f, f,
        () -> IntStream.range(0, items).mapToObj(i -> new Item(f + ":" + i, "v" + i, "v" + i)).toList())).toList();
    final List<MeasureMeta> ms = measures.stream()
        .map(m -> new MeasureMeta(m, m, MeasureFunction.COUNT, m)).toList();
    final CubeTableMeta table = CubeTableMeta.of(database, "t", dims, ms, SqlParserImpl.FACTORY);
    return new CubeQuery(table, dims.stream().map(d -> DimensionRequest.all(d, false)).toList(), ms,
        List.of(), List.of(ImmutableBitSet.of()), List.of(), null);
  }

  /**
   * The query a real {@code /table} answer answers, its measures in reverse: cubes are found by
   * URI, not position, and the first cube on the wire is then held while the last is streamed.
   */
  static CubeQuery queryFor(JsonNode answer) {
    final List<String> fields = new ArrayList<>();
    answer.get("fields").forEach(f -> fields.add(f.get("uri").asText()));
    final List<String> measures = new ArrayList<>();
    answer.get("measures").forEach(m -> measures.add(m.get("uri").asText()));
    Collections.reverse(measures);
    return query(answer.get("query").get("database").asText(), fields, measures);
  }

  /** Executes {@code query} against a server answering {@code body}. */
  CellCursor answer(CubeQuery query, String body) {
    return answer(query, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Executes {@code query} against a server answering these bytes, which need not be UTF-8. */
  CellCursor answer(CubeQuery query, byte[] body) {
    server.serve(Map.of("/table", CannedServer.json(body, null)));
    return adapter.execute(query, CallScope.NONE);
  }

  @Override public void close() {
    adapter.close();
    server.close();
  }
}
