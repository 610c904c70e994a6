package io.statxplore.superstar;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code /table} query in SuperSTAR's own JSON, as Stat-Xplore's "Download Table → Open Data
 * API Query (.json)" exports it: {@code database}, {@code measures}, optional {@code recodes},
 * {@code dimensions}. It is sent as it is, so the answer is the one the web table shows.
 */
public final class JsonQuery {
  private static final JsonFactory JSON = new JsonFactory();
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
    final Object tree;
    try (JsonParser p = JSON.createParser(json)) {
      tree = p.nextToken() == null ? null : value(p);
      if (p.nextToken() != null) {
        throw invalid(source + " is not valid JSON: text follows the query's closing brace (line "
            + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr() + ")");
      }
    } catch (JsonProcessingException e) {
      throw invalid(source + " is not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);  // a String cannot fail to be read
    }
    if (!(tree instanceof Map<?, ?> query)) {
      throw invalid(source + " is not a JSON object with database, measures and dimensions");
    }
    query.keySet().forEach(k -> {
      if (!KEYS.contains(k)) {
        throw invalid(source + " has an unknown key \"" + k
            + "\"; a /table query has database, measures, recodes and dimensions");
      }
    });
    final Object database = query.get("database");
    if (!(database instanceof String uri) || !uri.startsWith(Uris.DATABASE)) {
      throw invalid(source + ": \"database\" must be a database URI such as str:database:UC_Monthly");
    }
    final List<String> measures = strings(query.get("measures"));
    if (measures == null || measures.isEmpty()) {
      throw invalid(source + ": \"measures\" must be a non-empty list of measure URIs"
          + " (str:count:…, str:statfn:…)");
    }
    final Object dimensions = query.get("dimensions");
    final List<String> fields = new ArrayList<>();
    if (dimensions instanceof List<?> list) {
      for (Object d : list) {
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
    final Object recodes = query.get("recodes");
    if (recodes != null && !(recodes instanceof Map)) {
      throw invalid(source + ": \"recodes\" must be an object keyed by field URI");
    }
    final Map<String, Object> body = new LinkedHashMap<>();
    body.put("database", database);
    body.put("measures", query.get("measures"));
    if (recodes != null) {
      body.put("recodes", recodes);
    }
    body.put("dimensions", dimensions);
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      write(g, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);  // nor can memory fail to be written
    }
    return new JsonQuery(source, measures, fields, bytes.toByteArray());
  }

  /**
   * The JSON value at the parser's token as plain Java: objects as ordered maps (a repeated key
   * keeps its first place and its last value), arrays as lists, JSON null as null. A query is a
   * few kilobytes: Jackson's data binding would cost a harvest more to set up than to use.
   */
  private static @Nullable Object value(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> {
        final Map<String, Object> object = new LinkedHashMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
          p.nextToken();
          object.put(key, value(p));
        }
        return object;
      }
      case START_ARRAY -> {
        final List<Object> array = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p));
        }
        return array;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getNumberValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return p.getBooleanValue();
      }
      default -> {
        return null;
      }
    }
  }

  private static void write(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value instanceof Map<?, ?> object) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : object.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> array) {
      g.writeStartArray();
      for (Object v : array) {
        write(g, v);
      }
      g.writeEndArray();
    } else {
      g.writeObject(value);
    }
  }

  /** The texts of a JSON array of strings; null if it is not one. */
  private static @Nullable List<String> strings(@Nullable Object array) {
    if (!(array instanceof List<?> list)) {
      return null;
    }
    final List<String> out = new ArrayList<>();
    for (Object v : list) {
      if (!(v instanceof String text)) {
        return null;
      }
      out.add(text);
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
