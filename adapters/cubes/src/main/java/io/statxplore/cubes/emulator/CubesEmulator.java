package io.statxplore.cubes.emulator;

import io.statxplore.core.spi.LoopbackServer;
import io.statxplore.cubes.emulator.BudgetData.Dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An embedded OpenSpending / Cubes server on loopback over the bundled budget data
 * ({@link BudgetData}), speaking up to three flavors at once in their real response shapes:
 * OpenSpending v2 ({@link V2Api}: {@code /api/2/aggregate}, {@code /datasets.json}, the REST
 * resources, search, mytax, permissions, loading), OpenSpending's babbage {@code /api/3}
 * ({@link BabbageApi}) and the DataBrewery Cubes server ({@link SlicerApi}). Every aggregate,
 * fact and member listing returns at most {@code pageCap} rows per request, as a server's record
 * limit does. With a key set, a request carrying another key is refused with each flavor's 401.
 */
public final class CubesEmulator implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The three APIs. */
  public enum Flavor { V2, BABBAGE, CUBES }

  /** A request as received: method, path, decoded query, and the Authorization header. */
  public record Recorded(String method, String path, String query, String authorization) { }

  /** Settings of an emulator. */
  public static final class Builder {
    private String apiKey;
    private int pageCap = 10_000;
    private Set<Flavor> flavors = EnumSet.allOf(Flavor.class);
    private List<Dataset> datasets = BudgetData.datasets();

    private Builder() {
    }

    /** The key of the datasets' owner: it may write; a request with any other key gets 401. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** Most rows one request returns, whatever page size it asks for. */
    public Builder pageCap(int cap) {
      this.pageCap = cap;
      return this;
    }

    /** The flavors served; a path of another flavor answers 404. */
    public Builder flavors(Flavor first, Flavor... more) {
      this.flavors = EnumSet.of(first, more);
      return this;
    }

    public Builder datasets(List<Dataset> list) {
      this.datasets = List.copyOf(list);
      return this;
    }

    public CubesEmulator start() {
      return new CubesEmulator(this);
    }
  }

  /** A refusal: the HTTP status, the flavor's error body, and extra headers. */
  static final class Refusal extends RuntimeException {
    final int status;
    final JsonNode body;
    final Map<String, String> headers;

    Refusal(int status, JsonNode body) {
      this(status, body, Map.of());
    }

    Refusal(int status, JsonNode body, Map<String, String> headers) {
      super(body.toString(), null, false, false);
      this.status = status;
      this.body = body;
      this.headers = headers;
    }
  }

  /** What a flavor's handler is given. */
  record Call(String method, List<String> path, Map<String, List<String>> params, String authorization) {
    String param(String name) {
      final List<String> values = params.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a repeated parameter, each split at {@code separator}. */
    List<String> all(String name, String separator) {
      final List<String> out = new ArrayList<>();
      for (String v : params.getOrDefault(name, List.of())) {
        for (String part : v.split(separator)) {
          if (!part.isEmpty()) {
            out.add(part);
          }
        }
      }
      return out;
    }
  }

  private final LoopbackServer.Running server;
  private final String apiKey;
  private final int pageCap;
  private final Set<Flavor> flavors;
  private final Map<String, Dataset> datasets = new LinkedHashMap<>();
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Map<String, String>> loads = Collections.synchronizedList(new ArrayList<>());
  private final V2Api v2 = new V2Api(this);
  private final BabbageApi babbage = new BabbageApi(this);
  private final SlicerApi slicer = new SlicerApi(this);

  private CubesEmulator(Builder b) {
    this.apiKey = b.apiKey;
    this.pageCap = b.pageCap;
    this.flavors = b.flavors;
    b.datasets.forEach(d -> datasets.put(d.name(), d));
    server = LoopbackServer.start("cubes-emulator", 4, this::handle);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return server.origin();
  }

  public Map<String, Dataset> datasets() {
    return Collections.unmodifiableMap(datasets);
  }

  public int pageCap() {
    return pageCap;
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

  /** The loading API's requests accepted so far: their parameters. */
  public List<Map<String, String>> loads() {
    synchronized (loads) {
      return List.copyOf(loads);
    }
  }

  void recordLoad(Map<String, String> load) {
    loads.add(load);
  }

  Dataset dataset(String name) {
    return datasets.get(name);
  }

  /** Rows one answer may hold when {@code asked} were asked for (null: the flavor's default). */
  int pageSize(Integer asked, int flavorDefault) {
    return Math.min(pageCap, asked == null ? flavorDefault : asked);
  }

  /** Whether the request comes with the owner's key. */
  boolean isOwner(String authorization) {
    return apiKey != null && ("ApiKey " + apiKey).equals(authorization);
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      final String path = ex.getRequestURI().getPath();
      final String rawQuery = ex.getRequestURI().getRawQuery();
      final String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Recorded(ex.getRequestMethod(), path,
          rawQuery == null ? "" : URLDecoder.decode(rawQuery, StandardCharsets.UTF_8), auth));
      final Flavor flavor = flavorOf(path);
      final List<String> segments = List.of(path.split("/")).stream().filter(s -> !s.isEmpty()).toList();
      final Call call = new Call(ex.getRequestMethod(), segments, params(rawQuery), auth);
      try {
        if (!flavors.contains(flavor)) {
          send(ex, 404, "text/html", "<html><body><h1>Not Found</h1></body></html>".getBytes(StandardCharsets.UTF_8),
              Map.of());
          return;
        }
        if (auth != null && !isOwner(auth)) {
          throw unauthorized(flavor);
        }
        final JsonNode body = switch (flavor) {
          case V2 -> v2.handle(call);
          case BABBAGE -> babbage.handle(call);
          case CUBES -> slicer.handle(call);
        };
        send(ex, 200, "application/json", MAPPER.writeValueAsBytes(body), Map.of());
      } catch (Refusal r) {
        send(ex, r.status, "application/json", MAPPER.writeValueAsBytes(r.body), r.headers);
      } catch (RuntimeException e) {
        send(ex, 500, "application/json", MAPPER.writeValueAsBytes(switch (flavor) {
          case V2 -> V2Api.errors("Internal server error: " + e);
          case BABBAGE -> BabbageApi.error("Internal server error: " + e);
          case CUBES -> SlicerApi.userError("internal_server_error", "Internal server error");
        }), Map.of());
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  private static Flavor flavorOf(String path) {
    if (path.startsWith("/api/3/") || path.equals("/api/3")) {
      return Flavor.BABBAGE;
    }
    if (path.equals("/cubes") || path.startsWith("/cube/") || path.equals("/info") || path.equals("/version")) {
      return Flavor.CUBES;
    }
    return Flavor.V2;
  }

  private static Refusal unauthorized(Flavor flavor) {
    return switch (flavor) {
      case V2 -> new Refusal(401, V2Api.errors("Invalid API key"));
      case BABBAGE -> new Refusal(401, BabbageApi.error("Invalid API key"));
      case CUBES -> {
        final ObjectNode body = MAPPER.createObjectNode();
        final ObjectNode error = body.putObject("error");
        error.put("message", "Invalid API key");
        error.put("type", "not_authenticated");
        yield new Refusal(401, body, Map.of("WWW-Authenticate", "Basic realm=\"cubes\""));
      }
    };
  }

  private static Map<String, List<String>> params(String rawQuery) {
    final Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      final int eq = pair.indexOf('=');
      final String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      final String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static void send(HttpExchange ex, int status, String type, byte[] bytes, Map<String, String> headers)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override public void close() {
    server.close();
  }
}
