package io.statxplore.superstar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import okhttp3.HttpUrl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A SuperSTAR server for tests on {@link MockWebServer}: serves a schema tree built in the test
 * (paged with {@code Link} headers; {@code ?depth=} ignored, as by a server without it) and
 * answers {@code POST /table} in the real wire format with cell values from {@link #value}, a
 * deterministic function of the measure and the cell's items, so Totals and groups have values of
 * their own (like the real API's perturbed figures).
 * Requests are recorded; a test can queue a canned response for the next request to a path.
 */
public final class FakeSuperstar implements AutoCloseable {
  public static final String BASE_PATH = "/webapi/rest/v1";
  public static final String ROOT = "str:folder:root";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Node(String id, String label, String type, List<String> children) { }

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Node> nodes = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Queue<MockResponse>> canned = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile int pageSize = 100;
  private volatile UnaryOperator<JsonNode> tamper = UnaryOperator.identity();

  public FakeSuperstar() {
    nodes.put(ROOT, new Node(ROOT, "Root", "FOLDER", new ArrayList<>()));
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        return answer(request);
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API base URL, e.g. {@code http://127.0.0.1:PORT/webapi/rest/v1}. */
  public String baseUrl() {
    return server.url(BASE_PATH).toString();
  }

  /** A {@code jdbc:statxplore:} URL for this server with the given key. */
  public String jdbcUrl(String apiKey) {
    return "jdbc:statxplore:url=" + baseUrl() + (apiKey == null ? "" : ";apiKey=" + apiKey);
  }

  public FakeSuperstar pageSize(int size) {
    this.pageSize = size;
    return this;
  }

  /** Adds a node under {@code parent}. */
  public FakeSuperstar node(String parent, String id, String label, String type) {
    nodes.put(id, new Node(id, label, type, new ArrayList<>()));
    Objects.requireNonNull(nodes.get(parent), parent).children().add(id);
    return this;
  }

  /** Adds VALUE nodes to a value set: pairs of code and label. */
  public FakeSuperstar values(String valueSet, String... codesAndLabels) {
    final String prefix = "str:value:" + valueSet.substring("str:valueset:".length()) + ":";
    for (int i = 0; i < codesAndLabels.length; i += 2) {
      node(valueSet, prefix + codesAndLabels[i], codesAndLabels[i + 1], "VALUE");
    }
    return this;
  }

  /**
   * From now on answers each {@code /table} query as if it had been {@code tamper} of it, like a
   * server that ignores part of a request (its recodes, its totals).
   */
  public FakeSuperstar answerAs(UnaryOperator<JsonNode> tamper) {
    this.tamper = tamper;
    return this;
  }

  /** The next request whose path (below the base) starts with {@code path} gets {@code response}. */
  public FakeSuperstar respondNext(String path, MockResponse response) {
    canned.computeIfAbsent(path, p -> new ArrayDeque<>()).add(response);
    return this;
  }

  /** Requests received so far, in order. */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Number of requests whose path (below the base) starts with {@code path}. */
  public long requestCount(String path) {
    return requests().stream().filter(r -> relative(r).startsWith(path)).count();
  }

  /** Bodies of the {@code POST /table} requests, parsed. */
  public List<JsonNode> tableBodies() {
    return requests().stream().filter(r -> relative(r).startsWith("/table"))
        .map(r -> read(r.getBody() == null ? "" : r.getBody().utf8())).toList();
  }

  public void clearRequests() {
    requests.clear();
  }

  /**
   * The value the server gives measure {@code measure} in the cell whose items have these keys
   * (a value URI; several joined with {@code +} for a group; {@code TOTAL} for a Total).
   */
  public static double value(String measure, List<String> itemKeys) {
    return Math.floorMod(Objects.hash(measure, itemKeys), 100_000) + (measure.endsWith(":MEAN") ? 0.25 : 0);
  }

  private MockResponse answer(RecordedRequest request) {
    final String path = relative(request);
    synchronized (canned) {
      for (Map.Entry<String, Queue<MockResponse>> e : canned.entrySet()) {
        if (path.startsWith(e.getKey()) && !e.getValue().isEmpty()) {
          return e.getValue().poll();
        }
      }
    }
    try {
      if (path.equals("/schema") || path.startsWith("/schema/")) {
        return schema(request);
      }
      if (path.equals("/table") && "POST".equals(request.getMethod())) {
        return json(200, table(tamper.apply(read(request.getBody().utf8()))));
      }
    } catch (IllegalArgumentException e) {
      final ObjectNode error = JSON.createObjectNode().put("message", e.getMessage())
          .put("errorType", "SCHEMA_COMPONENT_NOT_FOUND");
      return json(400, error);
    }
    return json(404, JSON.createObjectNode().put("message", "no such endpoint " + path));
  }

  private MockResponse schema(RecordedRequest request) {
    final List<String> segments = request.getUrl().pathSegments();
    final String id = segments.get(segments.size() - 1).equals("schema") ? ROOT : segments.get(segments.size() - 1);
    final Node node = node(id);
    final String pageParam = request.getUrl().queryParameter("page");
    final int page = pageParam == null ? 1 : Integer.parseInt(pageParam);
    final List<String> children = node.children();
    final int from = (page - 1) * pageSize;
    final int to = Math.min(children.size(), from + pageSize);
    final ObjectNode body = describe(node);
    final ArrayNode list = body.putArray("children");
    children.subList(Math.min(from, children.size()), to).forEach(c -> list.add(describe(node(c))));
    final MockResponse.Builder b = new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json;charset=UTF-8").body(write(body));
    if (to < children.size()) {
      final HttpUrl next = request.getUrl().newBuilder().setQueryParameter("page", String.valueOf(page + 1)).build();
      b.setHeader("Link", "<" + next + ">; rel=\"next\"");
    }
    return b.build();
  }

  private ObjectNode describe(Node node) {
    return JSON.createObjectNode().put("id", node.id()).put("label", node.label())
        .put("location", server.url(BASE_PATH + "/schema/" + node.id()).toString()).put("type", node.type());
  }

  private Node node(String id) {
    final Node node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException("Could not find the requested component: " + id + ".");
    }
    return node;
  }

  /** An output item: its value URIs and labels, or a Total. */
  private record OutItem(List<String> uris, List<String> labels) {
    String key() {
      return uris.isEmpty() ? "TOTAL" : String.join("+", new TreeSet<>(uris));
    }
  }

  private JsonNode table(JsonNode query) {
    final List<String> dims = new ArrayList<>();
    query.get("dimensions").forEach(d -> dims.add(d.get(0).asText()));
    final List<String> measures = new ArrayList<>();
    query.get("measures").forEach(m -> measures.add(node(m.asText()).id()));
    final JsonNode recodes = query.path("recodes");
    final ObjectNode out = JSON.createObjectNode();
    out.set("query", query);
    final String db = node(query.get("database").asText()).id();
    out.putObject("database").put("id", Uris.databaseId(db)).put("uri", db).put("label", node(db).label());
    final ArrayNode ms = out.putArray("measures");
    measures.forEach(m -> ms.addObject().put("uri", m).put("label", node(m).label())
        .put("measure", m).put("function", node(m).type().equals("COUNT") ? "COUNT" : Uris.lastSegment(m)));
    final ArrayNode fields = out.putArray("fields");
    final List<List<OutItem>> items = new ArrayList<>();
    for (String dim : dims) {
      final Node field = node(dim);
      final Node valueSet = field.type().equals("VALUESET") ? field
          : node(field.children().stream().filter(c -> node(c).type().equals("VALUESET")).findFirst().orElseThrow());
      final List<OutItem> list = new ArrayList<>();
      final JsonNode recode = recodes.path(dim);
      if (recode.has("map")) {
        for (JsonNode group : recode.get("map")) {
          final List<String> uris = new ArrayList<>();
          group.forEach(u -> uris.add(u.asText()));
          uris.forEach(u -> {
            if (!valueSet.children().contains(u)) {
              throw new IllegalArgumentException("Could not find the requested component: " + u + ".");
            }
          });
          list.add(new OutItem(uris, uris.stream().map(u -> node(u).label()).toList()));
        }
      } else {
        valueSet.children().forEach(v -> list.add(new OutItem(List.of(v), List.of(node(v).label()))));
      }
      if (recode.path("total").asBoolean(false)) {
        list.add(new OutItem(List.of(), List.of("Total")));
      }
      items.add(list);
      final ObjectNode f = fields.addObject().put("uri", dim).put("label", field.label());
      final ArrayNode is = f.putArray("items");
      for (OutItem item : list) {
        final ObjectNode i = is.addObject().put("type", item.uris().isEmpty() ? "Total" : "RecodeItem");
        if (!item.uris().isEmpty()) {
          final ArrayNode u = i.putArray("uris");
          item.uris().forEach(u::add);
        }
        final ArrayNode l = i.putArray("labels");
        item.labels().forEach(l::add);
      }
    }
    final ObjectNode cubes = out.putObject("cubes");
    for (String m : measures) {
      final ObjectNode cube = cubes.putObject(m);
      cube.set("values", values(m, items, 0, new ArrayList<>()));
      cube.put("precision", 0);
    }
    out.putObject("annotationMap");
    return out;
  }

  private JsonNode values(String measure, List<List<OutItem>> items, int d, List<String> keys) {
    final ArrayNode array = JSON.createArrayNode();
    for (OutItem item : items.get(d)) {
      keys.add(item.key());
      if (d == items.size() - 1) {
        array.add(value(measure, keys));
      } else {
        array.add(values(measure, items, d + 1, keys));
      }
      keys.remove(keys.size() - 1);
    }
    return array;
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json;charset=UTF-8")
        .body(write(body)).build();
  }

  private static String relative(RecordedRequest r) {
    final String path = r.getUrl().encodedPath();
    return path.startsWith(BASE_PATH) ? path.substring(BASE_PATH.length()) : path;
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override public void close() {
    server.close();
  }
}
