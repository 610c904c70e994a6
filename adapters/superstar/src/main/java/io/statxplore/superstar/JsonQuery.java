package io.statxplore.superstar;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code /table} query in SuperSTAR's own JSON, as Stat-Xplore's "Download Table → Open Data
 * API Query (.json)" exports it: {@code database}, {@code measures}, optional {@code recodes},
 * {@code dimensions}. It is sent as it is, so the answer is the one the web table shows.
 */
public final class JsonQuery {
  /** Strict: text after the first value (e.g. a file missing its opening brace) is an error. */
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Set<String> KEYS = Set.of("database", "measures", "recodes", "dimensions");

  private final String source;
  private final List<String> measures;
  private final List<String> fields;
  private final byte[] body;

  private JsonQuery(String source, List<String> measures, List<String> fields, byte[] body) {
    this.source = source;
    this.measures = List.copyOf(measures);
    this.fields = List.copyOf(fields);
    this.body = body;
  }

  /** A query given inline (text starting with <code>{</code>) or as the path of a file holding it. */
  public static JsonQuery of(String jsonOrPath) {
    final String text = jsonOrPath.strip();
    if (text.startsWith("{")) {
      return parse(text, "the query JSON");
    }
    final Path file = Path.of(text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text);
    if (!Files.isRegularFile(file)) {
      throw invalid("'" + abbreviate(text) + "' is neither query JSON (it does not start with '{')"
          + " nor an existing file");
    }
    return read(file);
  }

  /** Reads a query file. */
  public static JsonQuery read(Path file) {
    final String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw invalid("query file " + file + " does not exist");
    } catch (IOException e) {
      throw invalid("cannot read query file " + file + ": " + e.getMessage());
    }
    return parse(text, "query file " + file);
  }

  /**
   * Checks and normalises a query.
   *
   * @param source what the text is, for messages (e.g. {@code query file q.json})
   */
  public static JsonQuery parse(String json, String source) {
    final JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(source + " is not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }
    if (tree == null || !tree.isObject()) {
      throw invalid(source + " is not a JSON object with database, measures and dimensions");
    }
    tree.fieldNames().forEachRemaining(k -> {
      if (!KEYS.contains(k)) {
        throw invalid(source + " has an unknown key \"" + k
            + "\"; a /table query has database, measures, recodes and dimensions");
      }
    });
    final JsonNode database = tree.get("database");
    if (database == null || !database.isTextual() || !database.asText().startsWith(Uris.DATABASE)) {
      throw invalid(source + ": \"database\" must be a database URI such as str:database:UC_Monthly");
    }
    final List<String> measures = strings(tree.get("measures"));
    if (measures == null || measures.isEmpty()) {
      throw invalid(source + ": \"measures\" must be a non-empty list of measure URIs"
          + " (str:count:…, str:statfn:…)");
    }
    final JsonNode dimensions = tree.get("dimensions");
    final List<String> fields = new ArrayList<>();
    if (dimensions != null && dimensions.isArray()) {
      for (JsonNode d : dimensions) {
        final List<String> uris = strings(d);
        if (uris == null || uris.isEmpty()) {
          fields.clear();
          break;
        }
        fields.addAll(uris);
      }
    }
    if (fields.isEmpty()) {
      throw invalid(source + ": \"dimensions\" must be a non-empty list of lists of field URIs,"
          + " e.g. [[\"str:field:UC_Monthly:F_UC_DATE:DATE_NAME\"]]");
    }
    final JsonNode recodes = tree.get("recodes");
    if (recodes != null && !recodes.isNull() && !recodes.isObject()) {
      throw invalid(source + ": \"recodes\" must be an object keyed by field URI");
    }
    final ObjectNode body = MAPPER.createObjectNode();
    body.set("database", database);
    body.set("measures", tree.get("measures"));
    if (recodes != null && !recodes.isNull()) {
      body.set("recodes", recodes);
    }
    body.set("dimensions", dimensions);
    try {
      return new JsonQuery(source, measures, fields, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** The texts of a JSON array of strings; null if it is not one. */
  private static List<String> strings(JsonNode array) {
    if (array == null || !array.isArray()) {
      return null;
    }
    final List<String> out = new ArrayList<>();
    for (JsonNode v : array) {
      if (!v.isTextual()) {
        return null;
      }
      out.add(v.asText());
    }
    return out;
  }

  private static ApiException invalid(String message) {
    return new ApiException(ApiErrorKind.BAD_REQUEST, message);
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  /** What the query came from, for messages. */
  public String source() {
    return source;
  }

  /** The measure URIs, in order. */
  public List<String> measures() {
    return measures;
  }

  /** The field (or value set) URIs of the dimensions, in order. */
  public List<String> fields() {
    return fields;
  }

  /** The {@code POST /table} body: database, measures, recodes (if any), dimensions. */
  public byte[] body() {
    return body.clone();
  }
}
