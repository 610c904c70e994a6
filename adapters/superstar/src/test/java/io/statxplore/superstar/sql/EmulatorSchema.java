package io.statxplore.superstar.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The databases of a SuperSTAR server as its {@code /schema} describes them, read over plain HTTP
 * without the driver, so that tests can build {@code /table} queries and expected column names
 * independently of the code under test.
 */
public final class EmulatorSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

  public record Value(String uri, String label) {
    /** The last {@code :} segment of the URI, as the code columns show it. */
    public String code() {
      return uri.substring(uri.lastIndexOf(':') + 1);
    }
  }

  /** {@code pages}: the {@code /schema} pages its values take. */
  public record ValueSet(String uri, String label, List<Value> values, int pages) { }

  public record Field(String uri, String label, List<ValueSet> valueSets) { }

  /** A COUNT or a statistic of a measure; {@code function} is COUNT, SUM, MEAN or MEDIAN. */
  public record Statistic(String uri, String label, String function) {
    public String column() {
      return columnName(label);
    }
  }

  public record Table(String id, List<Field> fields, List<Statistic> statistics) { }

  /** One classification of a field: what a label column and its code column show. */
  public record Dim(Field field, ValueSet valueSet) {
    /** The label column: named after the field, or after the value set where the field has several. */
    public String column() {
      return columnName(field.valueSets().size() == 1 ? field.label() : valueSet.label());
    }

    public String codeColumn() {
      return column() + "_code";
    }

    /** The URI a {@code /table} dimension names: the field for its first value set, else the value set. */
    public String uri() {
      return field.valueSets().get(0) == valueSet ? field.uri() : valueSet.uri();
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  /** The number of pages of each node read. */
  private final Map<String, Integer> pages = new HashMap<>();
  public final List<Table> tables = new ArrayList<>();
  /** The ids of all folders, the root's first. */
  public final List<String> folders = new ArrayList<>();

  public EmulatorSchema(String baseUrl) {
    this.baseUrl = baseUrl;
    walk(node("str:folder:root"));
  }

  /** The table with this id. */
  public Table table(String id) {
    return tables.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  /** DESIGN §3: lower case, runs of other characters to {@code _}, trimmed, {@code _} before a digit. */
  public static String columnName(String label) {
    final String name = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }

  private void walk(JsonNode folder) {
    folders.add(folder.get("id").asText());
    for (JsonNode child : folder.get("children")) {
      switch (child.get("type").asText()) {
      case "FOLDER" -> walk(node(child.get("id").asText()));
      case "DATABASE" -> tables.add(table(node(child.get("id").asText())));
      default -> { }
      }
    }
  }

  private Table table(JsonNode database) {
    final List<Field> fields = new ArrayList<>();
    final List<Statistic> statistics = new ArrayList<>();
    final List<JsonNode> children = new ArrayList<>();
    database.get("children").forEach(children::add);
    for (int i = 0; i < children.size(); i++) {
      final JsonNode c = children.get(i);
      final String id = c.get("id").asText();
      switch (c.get("type").asText()) {
      case "GROUP" -> node(id).get("children").forEach(children::add);
      case "FIELD" -> fields.add(field(node(id)));
      case "COUNT" -> statistics.add(new Statistic(id, c.get("label").asText(), "COUNT"));
      case "MEASURE" -> node(id).get("children").forEach(s -> statistics.add(new Statistic(s.get("id").asText(),
          s.get("label").asText(), s.get("id").asText().substring(s.get("id").asText().lastIndexOf(':') + 1))));
      default -> throw new IllegalStateException("unexpected " + c);
      }
    }
    final String id = database.get("id").asText();
    return new Table(id.substring("str:database:".length()), fields, statistics);
  }

  private Field field(JsonNode field) {
    final List<ValueSet> valueSets = new ArrayList<>();
    for (JsonNode vs : field.get("children")) {
      final String id = vs.get("id").asText();
      final List<Value> values = new ArrayList<>();
      node(id).get("children").forEach(v -> values.add(new Value(v.get("id").asText(), v.get("label").asText())));
      valueSets.add(new ValueSet(id, vs.get("label").asText(), values, pages.get(id)));
    }
    return new Field(field.get("id").asText(), field.get("label").asText(), valueSets);
  }

  /** A node with all its children, following {@code Link} pages. */
  private JsonNode node(String id) {
    JsonNode first = null;
    int count = 0;
    for (String url = baseUrl + "/schema/" + id; url != null; count++) {
      final HttpResponse<String> page;
      try {
        page = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        final JsonNode node = JSON.readTree(page.body());
        if (first == null) {
          first = node;
        } else {
          ((ArrayNode) first.get("children")).addAll((ArrayNode) node.get("children"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      final Matcher next = NEXT.matcher(page.headers().firstValue("Link").orElse(""));
      url = next.find() ? next.group(1) : null;
    }
    pages.put(id, count);
    return first;
  }
}
