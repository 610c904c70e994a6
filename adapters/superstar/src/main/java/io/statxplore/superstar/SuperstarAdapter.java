package io.statxplore.superstar;

import io.statxplore.core.cube.CellCursor;
import io.statxplore.core.cube.CubeAdapter;
import io.statxplore.core.cube.CubeCapabilities;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.cube.CubeTableMeta;
import io.statxplore.core.http.ApiClient;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.core.spi.TableEntry;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.calcite.schema.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SuperSTAR Open Data API (DWP Stat-Xplore, Statistik Austria STATcube): databases are
 * tables, a query is one {@code POST /table}. Besides the SQL engine's calls it runs exported
 * query JSON as is ({@link #run(JsonQuery)}, also the table function {@code query}) and reads
 * {@code /schema}, {@code /info} and {@code /rate_limit} for the command-line tool.
 */
public final class SuperstarAdapter implements CubeAdapter {
  private final ApiClient client;
  private final RequestLimits limits;
  private final SchemaClient schema;
  private final SuperstarCatalog catalog;
  private final QueryFunction queryFunction;
  /** Labels of schema nodes, read once: a table function's statement asks for them twice. */
  private final Map<String, String> labels = new ConcurrentHashMap<>();

  public SuperstarAdapter(AdapterContext context) {
    this.client = new ApiClient(context.clientSettings(serviceName(context), SuperstarErrors::parse));
    this.limits = context.limits();
    this.schema = new SchemaClient(client);
    this.catalog = new SuperstarCatalog(schema, context.parserFactory());
    this.queryFunction = new QueryFunction(this, context.parserFactory());
  }

  private static String serviceName(AdapterContext context) {
    final String host = context.baseUrl().host();
    if (host.contains("stat-xplore")) {
      return "Stat-Xplore";
    }
    return host.contains("statcube") ? "STATcube" : "SuperSTAR API at " + host;
  }

  @Override public List<TableEntry> tables() {
    return catalog.tables();
  }

  @Override public CubeTableMeta describe(TableEntry table) {
    return catalog.describe(table);
  }

  @Override public CellCursor execute(CubeQuery query, CallScope scope) {
    return new TableResponseReader(client.post(client.url("table"), TableRequest.body(query), scope),
        TableResponseReader.Expected.of(query, limits), client.settings().serviceName());
  }

  /**
   * SuperSTAR's {@code /table}: {@code SUM} of counts and sum statistics and {@code AVG} of mean
   * statistics over any recode of items (sets, groups, complements), native Totals, every measure
   * in one request, no ordering or paging, and cells perturbed for disclosure control.
   */
  @Override public CubeCapabilities capabilities() {
    return CubeCapabilities.DEFAULT;
  }

  @Override public String serviceName() {
    return client.settings().serviceName();
  }

  @Override public RequestLimits limits() {
    return limits;
  }

  @Override public String explain(CubeQuery query) {
    return new String(TableRequest.body(query), StandardCharsets.UTF_8);
  }

  /**
   * Sends an exported query as it is and returns its answer's cells, with the fields as the
   * answer gives them.
   */
  public TableResponseReader run(JsonQuery query, CallScope scope) {
    return new TableResponseReader(client.post(client.url("table"), query.body(), scope),
        TableResponseReader.Expected.of(query, limits), client.settings().serviceName());
  }

  /** The {@code /schema} node with this URI and its children (all pages); the root for null. */
  public SchemaNode schema(@Nullable String id) {
    return id == null ? schema.root() : schema.node(id);
  }

  /** The label of the {@code /schema} node with this URI. */
  String label(String id) {
    return labels.computeIfAbsent(id, schema::label);
  }

  /** {@code GET /info}: the server's languages. */
  public JsonNode info() {
    return client.getObject(client.url("info"));
  }

  /** {@code GET /rate_limit}: {@code remaining}, {@code limit} and {@code reset} (ms since epoch). */
  public JsonNode rateLimit() {
    return client.getObject(client.url("rate_limit"));
  }

  /** {@code query('<json or path>')}, the exported-query table function. */
  @Override public Map<String, Function> functions() {
    return Map.of("query", queryFunction);
  }

  @Override public void close() {
    client.close();
  }
}
