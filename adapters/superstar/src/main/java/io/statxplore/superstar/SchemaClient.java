package io.statxplore.superstar;

import io.statxplore.core.http.ApiClient;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.ApiResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import okhttp3.HttpUrl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code /schema} nodes, following {@code Link: <…>; rel="next"} pages: one level at a time,
 * or with {@code ?depth=} (SuperSTAR 9.9+), which nests descendants in one answer. Once a server
 * rejects {@code depth} (a 4xx that is no auth, not-found or rate-limit failure) the node is read
 * again without it, and so is every later one. URLs are built from node ids, never from
 * {@code location}, whose scheme may differ from the API's.
 */
final class SchemaClient {
  /** How far a {@code ?depth=} request asks the server to nest descendants. */
  enum Depth {
    /** Folders within folders, and their databases without children. */
    FOLDER,
    /** A database's groups, fields and measures with their value sets and statistics, not the values. */
    VALUESET;

    String param() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  /** More pages than any real schema node has; a server that keeps linking is broken. */
  private static final int MAX_PAGES = 10_000;
  /**
   * Nested lists carry no {@code Link}, so one this long may be the first page only (Stat-Xplore
   * pages by 100; the client cannot know another server's page size).
   */
  private static final int MAYBE_CUT = 100;

  private final ApiClient client;
  /** Until the server rejects {@code ?depth=}; then nodes are read level by level. */
  private volatile boolean depthSupported = true;

  SchemaClient(ApiClient client) {
    this.client = client;
  }

  /** The root folder. */
  SchemaNode root() {
    return fetch(client.url("schema"));
  }

  /** The node with the given URI and its children. */
  SchemaNode node(String id) {
    return fetch(client.url("schema", id));
  }

  /** The root folder with its descendants down to {@code depth}, where the server nests them. */
  SchemaNode root(Depth depth) {
    return fetch(client.url("schema"), depth);
  }

  /** The node with the given URI and its children, with their descendants down to {@code depth} where nested. */
  SchemaNode node(String id, Depth depth) {
    return fetch(client.url("schema", id), depth);
  }

  /**
   * A child as its parent's answer nested it when that holds all its children, else fetched with
   * {@code depth}: an answer that nests nothing leaves children absent, and a nested list of a
   * page or more may have been cut.
   */
  SchemaNode expand(SchemaNode child, Depth depth) {
    return child.childrenListed() && child.children().size() < MAYBE_CUT ? child : node(child.id(), depth);
  }

  /** The label of the node with the given URI, from the first page of its children. */
  String label(String id) {
    try (ApiResponse response = client.getMetadata(client.url("schema", id))) {
      return page(response).label();
    }
  }

  private SchemaNode fetch(HttpUrl url, Depth depth) {
    if (depthSupported) {
      try {
        return fetch(url.newBuilder().addQueryParameter("depth", depth.param()).build());
      } catch (ApiException e) {
        // A server without the parameter may reject it; other failures would recur without it.
        if (e.kind() != ApiErrorKind.BAD_REQUEST) {
          throw e;
        }
        depthSupported = false;
      }
    }
    return fetch(url);
  }

  private SchemaNode fetch(HttpUrl first) {
    SchemaNode node = null;
    final List<SchemaNode> children = new ArrayList<>();
    final Set<HttpUrl> seen = new HashSet<>();
    for (HttpUrl url = first; url != null; ) {
      if (!seen.add(url) || seen.size() > MAX_PAGES) {
        throw new ApiException(ApiErrorKind.BAD_RESPONSE, client.settings().serviceName()
            + " sent a paging loop: the Link header of " + first.encodedPath() + " leads back to "
            + url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()));
      }
      try (ApiResponse response = client.getMetadata(url)) {
        final SchemaNode page = page(response);
        if (node == null) {
          node = page;
        }
        children.addAll(page.children());
        url = next(url, response.header("Link"));
      }
    }
    return new SchemaNode(node.id(), node.label(), node.type(), children, true);
  }

  /** One page of a node; a failure quoting what the server sent is redacted, as it may echo the key. */
  private SchemaNode page(ApiResponse response) {
    try {
      return parse(read(response), response.request());
    } catch (ApiException e) {
      throw response.redact(e);
    }
  }

  private JsonNode read(ApiResponse response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new ApiException(ApiErrorKind.BAD_RESPONSE, client.settings().serviceName()
          + " sent malformed JSON for " + response.request() + ": "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
  }

  private SchemaNode parse(JsonNode json, String request) {
    if (json == null || !json.isObject()) {
      throw malformed(request, "the body is not a JSON object");
    }
    return node(json, request);
  }

  private SchemaNode node(JsonNode json, String request) {
    final String id = text(json, "id", "a schema node", request);
    if (id.isBlank()) {
      // It would be fetched as /schema/, the root, again.
      throw malformed(request, "a schema node has an empty \"id\"");
    }
    final List<SchemaNode> children = new ArrayList<>();
    final JsonNode list = json.get("children");
    final boolean listed = list != null && !list.isNull();
    if (listed) {
      if (!list.isArray()) {
        throw malformed(request, "\"children\" of " + id + " is not an array");
      }
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isObject()) {
          throw malformed(request, "child " + i + " of " + id + " is not an object");
        }
        children.add(node(list.get(i), request));
      }
    }
    return new SchemaNode(id, text(json, "label", id, request), text(json, "type", id, request), children, listed);
  }

  private static String text(JsonNode json, String key, String node, String request) {
    final JsonNode v = json.get(key);
    if (v == null || !v.isTextual()) {
      throw malformed(request, node + " has no \"" + key + "\" text");
    }
    return v.asText();
  }

  private static ApiException malformed(String request, String detail) {
    return new ApiException(ApiErrorKind.BAD_RESPONSE,
        "Unexpected /schema response to " + request + ": " + detail);
  }

  /** The next page from a Link header, kept on the API's own host and scheme. */
  private HttpUrl next(HttpUrl current, String link) {
    if (link == null) {
      return null;
    }
    final Matcher m = NEXT.matcher(link);
    if (!m.find()) {
      return null;
    }
    final HttpUrl target = current.resolve(m.group(1));
    final HttpUrl base = client.settings().baseUrl();
    if (target == null) {
      throw new ApiException(ApiErrorKind.BAD_RESPONSE, client.settings().serviceName()
          + " sent a Link that is no HTTP URL (" + m.group(1) + "); not following it");
    }
    if (!target.host().equalsIgnoreCase(base.host())) {
      throw new ApiException(ApiErrorKind.BAD_RESPONSE, client.settings().serviceName()
          + " sent a Link to another host (" + target.host()
          + "); not following it, so the API key is not sent elsewhere");
    }
    return target.newBuilder().scheme(base.scheme()).port(base.port()).build();
  }

  /** Set up on first use: a harvest reads no schema and so never pays for Jackson's data binding. */
  private static final class Json {
    /** Strict: two values for one key, or text after the node, leave what the server meant unknown. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }
}
