package io.statxplore.opendatasoft.emulator;

import io.statxplore.core.spi.LoopbackServer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An embedded OpenDataSoft portal (Explore API v2.1) on loopback, over bundled synthetic datasets
 * ({@link SyntheticData}): the catalog with paging, dataset metadata, {@code /records} evaluating
 * an ODSQL subset ({@link Odsql}) with the real limits (at most 100 rows, {@code offset + limit}
 * below 10,000; grouped at most 20,000) and error bodies, and {@code /exports/json} (streamed)
 * and {@code /exports/csv} without limit. With a key set it answers 401 to requests without {@code Authorization: Apikey};
 * with a call limit it answers the quota error with its {@code reset_time}.
 */
public final class OdsEmulator implements AutoCloseable {
  public static final String API = "/api/explore/v2.1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A request as received: method, decoded path and query, and the Authorization header. */
  public record Recorded(String method, String path, String query, String authorization) { }

  /** Settings of an emulator. */
  public static final class Builder {
    private String apiKey;
    private int callLimit = Integer.MAX_VALUE;
    private long resetSeconds = 1;
    private List<Dataset> datasets = SyntheticData.datasets();

    private Builder() {
    }

    /** The key every request must carry; null (the default) accepts anonymous requests. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** Calls answered before the quota error, which lasts {@code resetAfterSeconds}. */
    public Builder callLimit(int calls, long resetAfterSeconds) {
      this.callLimit = calls;
      this.resetSeconds = resetAfterSeconds;
      return this;
    }

    public Builder datasets(List<Dataset> list) {
      this.datasets = List.copyOf(list);
      return this;
    }

    public OdsEmulator start() {
      return new OdsEmulator(this);
    }
  }

  private final LoopbackServer.Running server;
  private final String apiKey;
  private final int callLimit;
  private final long resetSeconds;
  private final Map<String, Dataset> datasets = new LinkedHashMap<>();
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Instant quotaReset;

  private OdsEmulator(Builder b) {
    this.apiKey = b.apiKey;
    this.callLimit = b.callLimit;
    this.resetSeconds = b.resetSeconds;
    b.datasets.forEach(d -> datasets.put(d.id(), d));
    server = LoopbackServer.start("ods-emulator", 4, this::handle);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A running emulator with the defaults. */
  public static OdsEmulator start() {
    return builder().start();
  }

  /** The portal's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return server.origin();
  }

  /** The bundled datasets by id. */
  public Map<String, Dataset> datasets() {
    return Collections.unmodifiableMap(datasets);
  }

  /** The requests received so far, oldest first. */
  public List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clearRequests() {
    requests.clear();
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      final String path = ex.getRequestURI().getPath();
      final String rawQuery = ex.getRequestURI().getRawQuery();
      final Map<String, String> params = params(rawQuery);
      final String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Recorded(ex.getRequestMethod(), path,
          rawQuery == null ? "" : URLDecoder.decode(rawQuery, StandardCharsets.UTF_8), auth));
      if (apiKey != null && !("Apikey " + apiKey).equals(auth) && !apiKey.equals(params.get("apikey"))) {
        send(ex, 401, error("API key is not valid"));
        return;
      }
      if (quota(ex)) {
        return;
      }
      if (!path.startsWith(API + "/catalog/datasets")) {
        send(ex, 404, queryError("NotFound", "Unknown path " + path));
        return;
      }
      final List<String> parts = List.of(path.substring((API + "/catalog/datasets").length()).split("/"))
          .stream().filter(s -> !s.isEmpty()).toList();
      if (parts.isEmpty()) {
        catalog(ex, params);
        return;
      }
      final Dataset d = datasets.get(parts.get(0));
      if (d == null) {
        send(ex, 404, queryError("NotFound", "Unknown dataset: " + parts.get(0)));
      } else if (parts.size() == 1) {
        send(ex, 200, dataset(d));
      } else if (parts.size() == 2 && parts.get(1).equals("records")) {
        odsql(ex, () -> records(ex, d, params));
      } else if (parts.size() == 3 && parts.get(1).equals("exports") && parts.get(2).equals("json")) {
        odsql(ex, () -> export(ex, d, params));
      } else if (parts.size() == 3 && parts.get(1).equals("exports") && parts.get(2).equals("csv")) {
        odsql(ex, () -> csv(ex, d, params));
      } else {
        send(ex, 404, queryError("NotFound", "Unknown path " + path));
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  /** Answers a query, or the API's 400 for malformed ODSQL (raised before any byte is sent). */
  private interface Answer {
    void send() throws IOException;
  }

  private static void odsql(HttpExchange ex, Answer answer) throws IOException {
    try {
      answer.send();
    } catch (Odsql.OdsqlException e) {
      send(ex, 400, queryError("ODSQLError", e.getMessage()));
    }
  }

  /** Answers the quota error once the call limit is spent, until its reset time. */
  private boolean quota(HttpExchange ex) throws IOException {
    final Instant now = Instant.now();
    if (quotaReset != null && now.isAfter(quotaReset)) {
      quotaReset = null;
      calls.set(0);
    }
    if (calls.incrementAndGet() <= callLimit) {
      return false;
    }
    if (quotaReset == null) {
      quotaReset = now.plusSeconds(resetSeconds).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("errorcode", 10002);
    body.put("reset_time", quotaReset.toString());
    body.put("limit_time_unit", "day");
    body.put("call_limit", callLimit);
    body.put("error", "Too many requests on the domain. Please contact the domain administrator.");
    send(ex, 429, body);
    return true;
  }

  private void catalog(HttpExchange ex, Map<String, String> params) throws IOException {
    final int limit = Integer.parseInt(params.getOrDefault("limit", "10"));
    final int offset = Integer.parseInt(params.getOrDefault("offset", "0"));
    if (limit > 100 || limit < -1) {
      send(ex, 400, queryError("InvalidRESTParameterError", "Invalid value for limit API parameter: " + limit
          + " was found but -1 <= limit <= 100 is expected."));
      return;
    }
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("total_count", datasets.size());
    final ArrayNode results = body.putArray("results");
    datasets.values().stream().skip(offset).limit(limit < 0 ? 100 : limit).forEach(d -> results.add(dataset(d)));
    send(ex, 200, body);
  }

  private static ObjectNode dataset(Dataset d) {
    final ObjectNode node = MAPPER.createObjectNode();
    node.put("dataset_id", d.id());
    node.put("dataset_uid", "da_" + Integer.toString(Math.abs(d.id().hashCode()), 36));
    node.putArray("attachments");
    node.put("has_records", !d.records().isEmpty());
    node.put("data_visible", true);
    final ArrayNode fields = node.putArray("fields");
    for (Dataset.FieldDef f : d.fields()) {
      final ObjectNode field = fields.addObject();
      final ObjectNode annotations = field.putObject("annotations");
      if (f.multivalued()) {
        annotations.putArray("multivalued").add(",");
      }
      field.put("description", f.description());
      field.put("label", f.label());
      field.put("type", f.type());
      field.put("name", f.name());
    }
    final ObjectNode metas = node.putObject("metas").putObject("default");
    metas.put("records_count", d.records().size());
    metas.put("modified", "2024-06-01T00:00:00+00:00");
    metas.put("title", d.title());
    metas.put("description", d.description());
    node.putArray("features").add("analyze");
    return node;
  }

  private void records(HttpExchange ex, Dataset d, Map<String, String> params) throws IOException {
    final boolean grouped = params.containsKey("group_by");
    final long limit = Long.parseLong(params.getOrDefault("limit", "10"));
    final long offset = Long.parseLong(params.getOrDefault("offset", "0"));
    final long max = grouped ? 20_000 : 100;
    final long window = grouped ? 20_000 : 10_000;
    if (limit < -1 || limit > max) {
      send(ex, 400, queryError("InvalidRESTParameterError", "Invalid value for limit API parameter: " + limit
          + " was found but -1 <= limit <= " + max + " is expected."));
      return;
    }
    final long effective = limit == -1 ? max : limit;
    if (offset + effective >= window) {
      send(ex, 400, queryError("InvalidRESTParameterError", "Invalid value for offset API parameter: offset + limit"
          + " should be less than " + window + " (" + offset + " + " + effective + " were given); use the exports"
          + " API to download all records."));
      return;
    }
    final List<Map<String, Object>> rows = evaluate(d, params);
    final ObjectNode body = MAPPER.createObjectNode();
    if (!grouped) {
      body.put("total_count", rows.size());
    }
    final ArrayNode results = body.putArray("results");
    rows.stream().skip(offset).limit(effective).forEach(r -> results.add(MAPPER.valueToTree(r)));
    send(ex, 200, body);
  }

  /** The whole answer, written record by record as a JSON array. */
  private void export(HttpExchange ex, Dataset d, Map<String, String> params) throws IOException {
    final List<Map<String, Object>> rows = evaluate(d, params);
    final long limit = Long.parseLong(params.getOrDefault("limit", "-1"));
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody();
        JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartArray();
      for (Map<String, Object> r : limit < 0 ? rows : rows.subList(0, (int) Math.min(limit, rows.size()))) {
        MAPPER.writeValue(g, r);
      }
      g.writeEndArray();
    }
  }

  /**
   * The whole answer as CSV: {@code delimiter} (default {@code ;}), a header of field names, a geo
   * point as {@code lat,lon}, a list joined with {@code ,}, quotes where a value needs them.
   */
  private void csv(HttpExchange ex, Dataset d, Map<String, String> params) throws IOException {
    final List<Map<String, Object>> rows = evaluate(d, params);
    final String delimiter = params.getOrDefault("delimiter", ";");
    final long limit = Long.parseLong(params.getOrDefault("limit", "-1"));
    ex.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
    ex.sendResponseHeaders(200, 0);
    try (java.io.Writer out = new java.io.OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8)) {
      final List<String> names = rows.isEmpty() ? List.of() : List.copyOf(rows.get(0).keySet());
      out.write(names.stream().map(n -> cell(n, delimiter)).collect(Collectors.joining(delimiter)) + "\r\n");
      for (Map<String, Object> r : limit < 0 ? rows : rows.subList(0, (int) Math.min(limit, rows.size()))) {
        out.write(names.stream().map(n -> cell(csvValue(r.get(n)), delimiter)).collect(Collectors.joining(delimiter))
            + "\r\n");
      }
    }
  }

  private static String csvValue(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Map<?, ?> point) {
      return point.get("lat") + "," + point.get("lon");
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return value.toString();
  }

  private static String cell(String text, String delimiter) {
    return text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r")
        ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  /** The rows of a query: filtered, then projected or grouped, then ordered. */
  private static List<Map<String, Object>> evaluate(Dataset d, Map<String, String> params) {
    final Predicate<Map<String, Object>> where =
        params.containsKey("where") ? Odsql.where(d, params.get("where")) : r -> true;
    final List<Odsql.Item> items = Odsql.select(d, params.getOrDefault("select", "*"));
    final List<Map<String, Object>> kept = d.records().stream().filter(where).toList();
    final boolean grouped = params.containsKey("group_by") || items.stream().anyMatch(i -> i.function() != null);
    final List<Map<String, Object>> rows;
    if (grouped) {
      rows = Odsql.group(kept, params.containsKey("group_by") ? Odsql.groupBy(d, params.get("group_by")) : List.of(),
          items);
    } else {
      rows = new ArrayList<>();
      for (Map<String, Object> r : kept) {
        final Map<String, Object> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(i.name(), r.get(i.field())));
        rows.add(out);
      }
    }
    if (params.containsKey("order_by")) {
      final List<String> names = grouped ? items.stream().map(Odsql.Item::name).collect(Collectors.toList())
          : d.fields().stream().map(Dataset.FieldDef::name).collect(Collectors.toList());
      final Comparator<Map<String, Object>> order = Odsql.orderBy(d, params.get("order_by"), names);
      if (!grouped) {
        // Sorted on the records, so that order_by may name a field the select leaves out.
        final List<Map<String, Object>> sorted = new ArrayList<>(kept);
        sorted.sort(order);
        rows.clear();
        for (Map<String, Object> r : sorted) {
          final Map<String, Object> out = new LinkedHashMap<>();
          items.forEach(i -> out.put(i.name(), r.get(i.field())));
          rows.add(out);
        }
      } else {
        rows.sort(order);
      }
    }
    return rows;
  }

  private static Map<String, String> params(String rawQuery) {
    final Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        final int eq = pair.indexOf('=');
        final String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        params.put(name.toLowerCase(Locale.ROOT),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  /** The error shape of query failures. */
  private static ObjectNode queryError(String code, String message) {
    return error(message).put("error_code", code).put("message", message).without("error");
  }

  /** The v1 error shape, which 401s still use. */
  private static ObjectNode error(String message) {
    return MAPPER.createObjectNode().put("error", message);
  }

  private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
    final byte[] bytes = MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override public void close() {
    server.close();
  }
}
