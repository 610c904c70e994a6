package io.statxplore.protari.emulator;

import io.statxplore.core.spi.LoopbackServer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An embedded Protari API ({@code /v1}) on loopback over the guide's sample datasets
 * ({@link SampleDatasets}): {@code /about}, {@code /datasets/}, {@code /datasets/{name}},
 * {@code /datasets/{name}/fields/{field}} and {@code /datasets/{name}/aggregation} (JSON and
 * {@code /csv}), with the API's checks and error bodies ({@link Aggregation}). With a key set,
 * aggregation answers 401 without {@code Authorization: Protari key=<key>} (or
 * {@code Bearer <key>}) and 403 with another key; metadata stays public, as in Protari.
 */
public final class ProtariEmulator implements AutoCloseable {
  /** The API's path prefix. */
  public static final String PREFIX = "/v1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A request as received: its decoded path and query, and its Authorization header. */
  public record Recorded(String path, String query, @Nullable String authorization) {
    static Recorded of(HttpExchange ex) {
      final String raw = ex.getRequestURI().getRawQuery();
      return new Recorded(ex.getRequestURI().getPath(), raw == null ? "" : URLDecoder.decode(raw,
          StandardCharsets.UTF_8), ex.getRequestHeaders().getFirst("Authorization"));
    }
  }

  private final LoopbackServer.Running server;
  private final @Nullable String apiKey;
  private final Map<String, Dataset> datasets = new LinkedHashMap<>();
  private final Queue<Recorded> requests = new ConcurrentLinkedQueue<>();

  private ProtariEmulator(@Nullable String apiKey) {
    this.apiKey = apiKey;
    SampleDatasets.all().forEach(d -> datasets.put(d.name, d));
    server = LoopbackServer.start("protari-emulator", 4, this::handle);
  }

  /** A running emulator whose data need no key. */
  public static ProtariEmulator start() {
    return new ProtariEmulator(null);
  }

  /** A running emulator whose aggregations need {@code key}. */
  public static ProtariEmulator start(String key) {
    return new ProtariEmulator(key);
  }

  /** The API's base URL, e.g. {@code http://127.0.0.1:41234/v1}. */
  public String baseUrl() {
    return server.origin() + PREFIX;
  }

  /** The requests received so far, oldest first. */
  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      final Recorded request = Recorded.of(ex);
      requests.add(request);
      try {
        route(ex, request.path(), params(ex.getRequestURI().getRawQuery()), request.authorization());
      } catch (QueryError e) {
        send(ex, e.status, "application/problem+json", json(e.body()));
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  private void route(HttpExchange ex, String path, Map<String, String> params, @Nullable String auth)
      throws IOException {
    if (!ex.getRequestMethod().equals("GET")) {
      throw new QueryError(405, "Method Not Allowed", null, "The method is not allowed for the requested URL.");
    }
    final List<String> parts = path.startsWith(PREFIX + "/")
        ? List.of(path.substring(PREFIX.length() + 1).split("/")) : List.of();
    if (parts.equals(List.of("about"))) {
      send(ex, withHeader(JsonNodeFactory.instance.objectNode()));
      return;
    }
    if (parts.isEmpty() || !parts.get(0).equals("datasets")) {
      throw notFound("The requested URL was not found on the server.");
    }
    if (parts.size() == 1) {
      final ObjectNode list = JsonNodeFactory.instance.objectNode();
      final ArrayNode array = list.putArray("datasets");
      datasets.values().forEach(d -> array.add(d.summary()));
      send(ex, withHeader(list));
      return;
    }
    final Dataset d = datasets.get(parts.get(1));
    if (d == null) {
      throw notFound("Dataset " + parts.get(1) + " not found.");
    }
    if (parts.size() == 2) {
      send(ex, withHeader(d.detail()));
    } else if (parts.size() == 4 && parts.get(2).equals("fields")) {
      final Dataset.FieldRef ref = d.resolve(parts.get(3));
      if (ref == null) {
        throw notFound("Field " + parts.get(3) + " not found in dataset " + d.name + ".");
      }
      final ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.set("field", ref.field().json());
      send(ex, withHeader(o));
    } else if (parts.get(2).equals("aggregation") && parts.size() <= 4) {
      authorize(auth);
      final Aggregation a = Aggregation.parse(d, params);
      if (parts.size() == 3) {
        send(ex, withHeader(a.json()));
      } else if (parts.get(3).equals("csv")) {
        send(ex, 200, "text/csv; charset=utf-8", a.csv().getBytes(StandardCharsets.UTF_8));
      } else {
        throw notFound("The requested URL was not found on the server.");
      }
    } else {
      throw notFound("The requested URL was not found on the server.");
    }
  }

  private void authorize(@Nullable String auth) {
    if (apiKey == null) {
      return;
    }
    if (auth == null) {
      throw new QueryError(401, "Unauthorized", "AuthorizationError", "No authorization provided.");
    }
    if (!auth.equals("Protari key=" + apiKey) && !auth.equals("Bearer " + apiKey)) {
      throw new QueryError(403, "Forbidden", "AuthorizationError", "You do not have permission to query this"
          + " dataset.");
    }
  }

  private static QueryError notFound(String detail) {
    return new QueryError(404, "Not Found", null, detail);
  }

  private ObjectNode withHeader(ObjectNode body) {
    final ObjectNode header = JsonNodeFactory.instance.objectNode();
    header.put("api_version", "1.2.0");
    header.put("base_url", baseUrl());
    header.put("data_terms", "This data was generated using Protari. You can share it according to these [terms and"
        + " conditions](http://www.example.com/terms-of-sharing-data). Protari perturbs (slightly adjusts) data outputs"
        + " to protect privacy. No reliance should be placed on data cells with small values.");
    final ObjectNode org = header.putObject("organization");
    org.put("name", "Sample");
    org.put("title", "Sample organization");
    header.put("prepared_at", "2019-02-14T03:15:16.868564Z");
    header.put("terms", "By using Protari you acknowledge that you are authorised to do so and your use will comply"
        + " with these [terms and conditions](http://www.example.com/terms-of-use). All activity is logged and may"
        + " be audited.");
    body.set("header", header);
    return body;
  }

  private static Map<String, String> params(@Nullable String rawQuery) {
    final Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      final int eq = pair.indexOf('=');
      final String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      final String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (params.putIfAbsent(key, value) != null) {
        throw QueryError.invalid("Parameter " + key + " is given twice.");
      }
    }
    return params;
  }

  private static byte[] json(ObjectNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(HttpExchange ex, ObjectNode body) throws IOException {
    send(ex, 200, "application/json", json(body));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override public void close() {
    server.close();
  }
}
