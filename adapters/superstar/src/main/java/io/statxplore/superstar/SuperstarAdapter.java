package io.statxplore.superstar;

import io.statxplore.core.adapter.AdapterContext;
import io.statxplore.core.adapter.CellCursor;
import io.statxplore.core.adapter.CubeAdapter;
import io.statxplore.core.adapter.TableEntry;
import io.statxplore.core.http.ApiClient;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.http.ClientSettings;
import io.statxplore.core.meta.CubeTableMeta;
import io.statxplore.core.query.CubeQuery;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SuperSTAR Open Data API (DWP Stat-Xplore, Statistik Austria STATcube): databases are
 * tables, a query is one {@code POST /table}.
 */
public final class SuperstarAdapter implements CubeAdapter {
  private final ApiClient client;
  private final SuperstarCatalog catalog;

  public SuperstarAdapter(AdapterContext context) {
    this.client = new ApiClient(new ClientSettings(context.baseUrl(), serviceName(context),
        "APIKey", "", context.apiKey(), context.language(), context.timeout(), context.retries(),
        SuperstarErrors::parse));
    this.catalog = new SuperstarCatalog(new SchemaClient(client), context.parserFactory());
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
    return new TableResponseReader(client.post(client.url("table"), TableRequest.body(query), scope), query,
        client.settings().serviceName());
  }

  @Override public String explain(CubeQuery query) {
    return new String(TableRequest.body(query), StandardCharsets.UTF_8);
  }

  @Override public void close() {
    client.close();
  }
}
