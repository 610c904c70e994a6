package io.statxplore.superstar.emulator;

import io.statxplore.core.spi.LoopbackServer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * An embedded SuperSTAR Open Data API (the API of DWP Stat-Xplore) on loopback: {@code /schema}
 * with {@code Link} paging, {@code POST /table}, {@code /info}, {@code /rate_limit}, the
 * {@code X-RateLimit*} headers (a global and a {@code /table} budget), {@code ETag} and
 * {@code 304 Not Modified} on GETs, {@code APIKey} checking and the real error bodies. Answers are
 * computed from bundled record-level synthetic data (UC_Households, UC_Monthly, CILIF_REL, hb_new,
 * PIP_Monthly) with Stat-Xplore-like disclosure control; see {@link TableEngine}.
 *
 * <pre>
 * try (SuperstarEmulator api = SuperstarEmulator.start()) {
 *   DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl());
 * }
 * </pre>
 */
public final class SuperstarEmulator implements AutoCloseable {
  public static final String BASE_PATH = "/webapi/rest/v1";
  /** Doubles written by Schubfach rather than {@code Double.toString}: the emulator writes millions. */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
  /** Rejects text after the query object too, such as a stray closing brace. */
  private static final ObjectReader QUERY_READER = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final long HOUR = 3_600_000L;
  /** The node types whose children {@code ?depth=} nests, by its value. VALUEs are never nested. */
  private static final Map<String, Set<String>> NESTED_BY_DEPTH = Map.of(
      "folder", Set.of("FOLDER"),
      "field", Set.of("FOLDER", "DATABASE", "GROUP"),
      "valueset", Set.of("FOLDER", "DATABASE", "GROUP", "FIELD", "MEASURE"));

  /** A request as received: method, path with query, headers (lower-case names), body. */
  public record Recorded(String method, String path, Map<String, String> headers, String body) { }

  /** Settings of an emulator. */
  public static final class Builder {
    private String apiKey;
    private int pageSize = 100;
    private long cellLimit = 1_000_000;
    private int rateLimit = 2000;
    private int tableRateLimit = 1000;
    private boolean smallAreas;
    private boolean schemaDepth = true;

    private Builder() {
    }

    /** The key every request must carry in {@code APIKey}; null (the default) accepts any or none. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** Children per {@code /schema} page (100 on Stat-Xplore). */
    public Builder pageSize(int size) {
      this.pageSize = size;
      return this;
    }

    /** Most cells a {@code /table} request may ask for. */
    public Builder cellLimit(long cells) {
      this.cellLimit = cells;
      return this;
    }

    /** Requests per hour, all endpoints but {@code /rate_limit} together. */
    public Builder rateLimit(int perHour) {
      this.rateLimit = perHour;
      return this;
    }

    /** {@code /table} requests per hour (a budget of its own, as Stat-Xplore's {@code X-RateLimit-Table}). */
    public Builder tableRateLimit(int perHour) {
      this.tableRateLimit = perHour;
      return this;
    }

    /**
     * Adds {@code UC_SmallAreas}: 5,000 areas × 100 months × 2 genders × 4 age bands, 4,000,000
     * cells at its finest grain. Its records are drawn on first use (seconds), so it is left out
     * unless asked for.
     */
    public Builder smallAreas(boolean add) {
      this.smallAreas = add;
      return this;
    }

    /**
     * Whether {@code /schema} honours {@code ?depth=} as SuperSTAR 9.9+ does (the default), or
     * ignores it as a server without the feature would (Stat-Xplore may be one).
     */
    public Builder schemaDepth(boolean honoured) {
      this.schemaDepth = honoured;
      return this;
    }

    public SuperstarEmulator start() {
      return new SuperstarEmulator(this);
    }
  }

  private final Builder settings;
  private final SchemaTree schema;
  private final TableEngine engine;
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final Faults faults = new Faults();
  private final Object budgetLock = new Object();
  private long windowStart = System.currentTimeMillis();
  private int used;
  private int tableUsed;

  private SuperstarEmulator(Builder settings) {
    this.settings = settings;
    final List<Cube> cubes = new ArrayList<>(SyntheticData.cubes());
    if (settings.smallAreas) {
      cubes.add(SyntheticData.smallAreas());
    }
    this.schema = new SchemaTree(cubes);
    this.engine = new TableEngine(cubes, settings.cellLimit);
    server = LoopbackServer.create();
    executor = Executors.newFixedThreadPool(4, r -> {
      final Thread t = new Thread(r, "superstar-emulator");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext(BASE_PATH, this::handle);
    server.start();
  }

  /**
   * An emulator with the defaults: any key, pages of 100, 1,000,000 cells, 2,000 requests and
   * 1,000 {@code /table} requests an hour.
   */
  public static SuperstarEmulator start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The API base URL, {@code http://127.0.0.1:<port>/webapi/rest/v1}. */
  public String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
        + BASE_PATH;
  }

  /** Requests received whose path (below the base) starts with {@code pathPrefix}. */
  public int requestCount(String pathPrefix) {
    return (int) requests().stream().filter(r -> r.path().startsWith(pathPrefix)).count();
  }

  public List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void resetRequests() {
    requests.clear();
  }

  /** The switches that make this emulator fail, delay or break its answers. */
  public Faults faults() {
    return faults;
  }

  /** The answer {@code POST /table} gives for {@code query}, computed in process. */
  public JsonNode table(JsonNode query) {
    return engine.answer(query);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      final String path = exchange.getRequestURI().getPath().substring(BASE_PATH.length());
      final String query = exchange.getRequestURI().getRawQuery();
      final Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      requests.add(new Recorded(exchange.getRequestMethod(), path + (query == null ? "" : "?" + query), headers, body));
      final Faults.Fault fault = faults.take(path);
      pause(faults.delayFor(path));
      if (fault instanceof Faults.Status f) {
        sendHtml(exchange, f.status(), f.status() + " " + (f.status() == 503 ? "Service Unavailable" : "Error"));
        return;
      }
      if (fault instanceof Faults.Html) {
        sendHtml(exchange, 200, "Request Rejected");
        return;
      }
      if (fault instanceof Faults.Throttle t) {
        final var h = exchange.getResponseHeaders();
        h.set("X-RateLimit", String.valueOf(settings.rateLimit));
        h.set("X-RateLimit-Remaining", "0");
        h.set("X-RateLimit-Reset", String.valueOf(System.currentTimeMillis() + t.resetIn().toMillis()));
        respond(exchange, 429, tree(MAPPER.valueToTree(EmulatorError.body("message", "Rate limit exceeded",
            "errorType", "RATE_LIMIT"))));
        return;
      }
      try {
        final TableEngine.Answer answer = route(exchange, path, body);
        if (answer == null) {
          exchange.sendResponseHeaders(304, -1);
        } else if (fault instanceof Faults.Truncate t) {
          final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
          try (JsonGenerator json = PRETTY.createGenerator(buffer)) {
            answer.write(json);
          }
          final byte[] bytes = buffer.toByteArray();
          exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes, 0, Math.min(t.bytes(), bytes.length));
          exchange.getResponseBody().flush();
          // Failing the exchange short of the declared length makes the server drop the connection.
          throw new IOException("answer truncated on purpose");
        } else {
          respond(exchange, 200, answer);
        }
      } catch (EmulatorError e) {
        respond(exchange, e.status, tree(MAPPER.valueToTree(e.body)));
      }
    }
  }

  private static void pause(Duration delay) {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sendHtml(HttpExchange exchange, int status, String title) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/html;charset=UTF-8");
    send(exchange, status, ("<html><head><title>" + title + "</title></head><body><p>" + title
        + "</p></body></html>").getBytes(StandardCharsets.UTF_8));
  }

  /** The answer to a request, or null for {@code 304 Not Modified}. */
  private TableEngine.Answer route(HttpExchange exchange, String path, String body) throws IOException {
    final String key = exchange.getRequestHeaders().getFirst("APIKey");
    if (settings.apiKey != null && !settings.apiKey.equals(key)) {
      throw new EmulatorError(401, EmulatorError.body("message",
          "Error authenticating API key. Please contact your system administrator.", "errorType", "AUTHENTICATION"));
    }
    final boolean get = "GET".equals(exchange.getRequestMethod());
    if (get && path.equals("/rate_limit")) {
      synchronized (budgetLock) {
        rollWindow();
        return tree(MAPPER.valueToTree(EmulatorError.body("remaining", settings.rateLimit - used,
            "limit", settings.rateLimit, "reset", windowStart + HOUR)));
      }
    }
    if (get) {
      final JsonNode answer;
      try {
        answer = read(exchange, path);
      } catch (EmulatorError e) {
        spend(exchange, false);
        throw e;
      }
      final CRC32 crc = new CRC32();
      crc.update(MAPPER.writeValueAsBytes(answer));
      final String etag = "\"" + Long.toHexString(crc.getValue()) + "\"";
      exchange.getResponseHeaders().set("ETag", etag);
      // Stat-Xplore: a 304 does not count against the rate limit.
      if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        return null;
      }
      spend(exchange, false);
      return tree(answer);
    }
    spend(exchange, path.startsWith("/table"));
    if (path.equals("/table") && "POST".equals(exchange.getRequestMethod())) {
      final JsonNode query;
      try {
        query = QUERY_READER.readTree(body);
      } catch (IOException e) {
        throw EmulatorError.invalidQuery("The query is not valid JSON: " + e.getMessage().split("\n")[0]);
      }
      return engine.prepare(query);
    }
    throw new EmulatorError(404, EmulatorError.body("message", "No endpoint " + exchange.getRequestMethod() + " " + path));
  }

  /** A GET endpoint's answer. */
  private JsonNode read(HttpExchange exchange, String path) throws IOException {
    if (path.equals("/info")) {
      return MAPPER.readTree("{\"languages\":[{\"locale\":\"en\",\"displayName\":\"English\"}]}");
    }
    if (path.equals("/schema") || path.startsWith("/schema/")) {
      return schemaNode(exchange, path.equals("/schema") ? SchemaTree.ROOT : path.substring("/schema/".length()));
    }
    throw new EmulatorError(404, EmulatorError.body("message", "No endpoint GET " + path));
  }

  /**
   * Counts a request against the hourly budgets (the global one, and for {@code /table} the table
   * one too, as the real headers show), and sets the rate-limit headers.
   */
  private void spend(HttpExchange exchange, boolean table) {
    synchronized (budgetLock) {
      rollWindow();
      final boolean global = used >= settings.rateLimit;
      final boolean spent = global || table && tableUsed >= settings.tableRateLimit;
      if (!spent) {
        used++;
        tableUsed += table ? 1 : 0;
      }
      final String reset = String.valueOf(windowStart + HOUR);
      final var h = exchange.getResponseHeaders();
      h.set("X-RateLimit", String.valueOf(settings.rateLimit));
      h.set("X-RateLimit-Remaining", String.valueOf(settings.rateLimit - used));
      h.set("X-RateLimit-Reset", reset);
      if (table) {
        h.set("X-RateLimit-Table", String.valueOf(settings.tableRateLimit));
        h.set("X-RateLimit-Remaining-Table", String.valueOf(settings.tableRateLimit - tableUsed));
        h.set("X-RateLimit-Reset-Table", reset);
      }
      if (spent) {
        final String what = global ? settings.rateLimit + " requests" : settings.tableRateLimit + " /table requests";
        throw new EmulatorError(429, EmulatorError.body("message", "Rate limit exceeded: " + what
            + " per hour. The limit resets at " + reset + ".", "errorType", "RATE_LIMIT"));
      }
    }
  }

  private void rollWindow() {
    final long now = System.currentTimeMillis();
    if (now >= windowStart + HOUR) {
      windowStart = now;
      used = 0;
      tableUsed = 0;
    }
  }

  private JsonNode schemaNode(HttpExchange exchange, String id) {
    final SchemaTree.Node node = schema.get(id);
    if (node == null) {
      throw EmulatorError.notFound(id);
    }
    final Map<String, String> params = queryParameters(exchange.getRequestURI().getRawQuery());
    final String depth = settings.schemaDepth ? params.get("depth") : null;
    final Set<String> nested = depth == null ? Set.of() : NESTED_BY_DEPTH.get(depth);
    if (nested == null) {
      throw EmulatorError.invalidParameter("Invalid depth: " + depth
          + ". Valid values are folder, field and valueset.");
    }
    final int page = page(params.get("page"));
    final List<String> children = node.children();
    final int from = Math.min(children.size(), (page - 1) * settings.pageSize);
    final int to = Math.min(children.size(), from + settings.pageSize);
    final ObjectNode out = describe(node);
    final ArrayNode list = out.putArray("children");
    children.subList(from, to).forEach(c -> list.add(nest(schema.get(c), nested)));
    if (to < children.size()) {
      exchange.getResponseHeaders().set("Link", "<" + location(id) + "?" + (depth == null ? "" : "depth=" + depth + "&")
          + "page=" + (page + 1) + ">; rel=\"next\"");
    }
    return out;
  }

  /**
   * A node, with its children (recursively) if its type is one {@code nested}. A nested list has
   * no Link to more, so, as the strictest reading of SuperSTAR, it holds the first page only.
   */
  private ObjectNode nest(SchemaTree.Node node, Set<String> nested) {
    final ObjectNode out = describe(node);
    if (nested.contains(node.type())) {
      final ArrayNode list = out.putArray("children");
      node.children().stream().limit(settings.pageSize).forEach(c -> list.add(nest(schema.get(c), nested)));
    }
    return out;
  }

  private static Map<String, String> queryParameters(String rawQuery) {
    final Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        final int eq = pair.indexOf('=');
        params.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static int page(String value) {
    if (value == null) {
      return 1;
    }
    if (!value.matches("[1-9][0-9]{0,8}")) {
      throw EmulatorError.invalidParameter("Invalid page: " + value + ".");
    }
    return Integer.parseInt(value);
  }

  private ObjectNode describe(SchemaTree.Node node) {
    return MAPPER.createObjectNode().put("id", node.id()).put("label", node.label())
        .put("location", location(node.id())).put("type", node.type());
  }

  private String location(String id) {
    return baseUrl() + "/schema/" + id;
  }

  private static TableEngine.Answer tree(JsonNode node) {
    return json -> MAPPER.writeTree(json, node);
  }

  /** Chunked, gzipped when asked, like Stat-Xplore's nginx: a large answer is sent as it is written. */
  private static void respond(HttpExchange exchange, int status, TableEngine.Answer body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    final String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
    final boolean gzip = encoding != null && encoding.contains("gzip");
    if (gzip) {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    exchange.sendResponseHeaders(status, 0);
    try (OutputStream out = gzip ? new FastGzip(exchange.getResponseBody())
            : new BufferedOutputStream(exchange.getResponseBody(), 1 << 16);
         JsonGenerator json = PRETTY.createGenerator(out)) {
      body.write(json);
    }
  }

  /** The fastest level: on loopback, compressing costs more than sending. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
