package io.statxplore.protari;

import com.fasterxml.jackson.databind.JsonNode;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the adapter reads from {@code /datasets/{name}}: the fields reachable from the main
 * resource (its own, nested groups flattened, then those of related resources by relationship
 * path) with their leaf values, and the limits of the {@code aggregation} query class.
 */
final class DatasetMeta {
  /**
   * A leaf value of a field: what a row shows and a condition names. A range field's leaves are
   * its intervals, bounded by {@code minimum} and {@code maximum} as the API writes them.
   */
  record Leaf(String name, String label, boolean sentinel, @Nullable String minimum, @Nullable String maximum) { }

  /**
   * A field as queried from the main resource.
   *
   * @param path the name a query gives it: relationship names and the field's, joined by {@code .}
   * @param parents each parent value's leaves, outermost first
   */
  record FieldMeta(String path, String name, String title, String resource, boolean numeric, boolean ranges,
      boolean longitudinal, boolean date, List<Leaf> leaves, Map<String, List<String>> parents) {
    boolean isMain() {
      return !path.contains(".");
    }
  }

  /** A {@code field_exclusion_rules} entry: at most {@code limit} of {@code fields} (of any field when empty). */
  record ExclusionRule(List<String> fields, int limit) { }

  final String name;
  final String plural;
  final boolean disjunctions;
  final int maxFunctions;
  final long maxOutput;
  final List<ExclusionRule> exclusions = new ArrayList<>();
  final Map<String, FieldMeta> fields = new LinkedHashMap<>();

  private DatasetMeta(String name, String plural, boolean disjunctions, int maxFunctions, long maxOutput) {
    this.name = name;
    this.plural = plural;
    this.disjunctions = disjunctions;
    this.maxFunctions = maxFunctions;
    this.maxOutput = maxOutput;
  }

  /** Reads {@code /datasets/{name}}; defaults as the API's: no disjunctions, one function. */
  static DatasetMeta of(JsonNode dataset) {
    final JsonNode agg = dataset.path("query_classes").path("aggregation");
    final String main = dataset.path("main_resource_name").asText(dataset.path("resources").path(0)
        .path("name").asText());
    final DatasetMeta d = new DatasetMeta(dataset.path("name").asText(), dataset.path("unit").path("plural")
        .asText("records"), agg.path("allow_disjunctions_and_custom_groups").asBoolean(false),
        agg.path("max_functions").asInt(1), agg.path("maximum_output_values_length").asLong(Long.MAX_VALUE));
    for (JsonNode rule : agg.path("field_exclusion_rules")) {
      final List<String> names = new ArrayList<>();
      rule.path("fields").forEach(f -> names.add(f.path("name").asText()));
      d.exclusions.add(new ExclusionRule(names, rule.path("limit").asInt(Integer.MAX_VALUE)));
    }
    final Map<String, JsonNode> resources = new LinkedHashMap<>();
    dataset.path("resources").forEach(r -> resources.put(r.path("name").asText(), r));
    d.walk(dataset, resources, main, "", List.of(main));
    return d;
  }

  /** Adds the fields of {@code resource} under {@code prefix}, then those of resources related to it. */
  private void walk(JsonNode dataset, Map<String, JsonNode> resources, String resource, String prefix,
      List<String> visited) {
    final JsonNode r = resources.get(resource);
    if (r != null) {
      flatten(r.path("fields"), resource, prefix);
    }
    for (JsonNode rel : dataset.path("relationships")) {
      final String target = rel.path("target_resource_name").asText();
      if (rel.path("host_resource_name").asText().equals(resource) && !visited.contains(target)) {
        final List<String> next = new ArrayList<>(visited);
        next.add(target);
        walk(dataset, resources, target, prefix + rel.path("name").asText() + ".", next);
      }
    }
  }

  private void flatten(JsonNode list, String resource, String prefix) {
    for (JsonNode f : list) {
      if (!f.has("name") && f.has("fields")) {
        flatten(f.path("fields"), resource, prefix);
        continue;
      }
      final String name = f.path("name").asText();
      final List<Leaf> leaves = new ArrayList<>();
      final Map<String, List<String>> parents = new LinkedHashMap<>();
      values(f.path("values"), leaves, parents);
      final FieldMeta meta = new FieldMeta(prefix + name, name, f.path("title").asText(name), resource,
          f.path("has_numeric_data").asBoolean(false), f.path("has_range_data").asBoolean(false),
          f.path("is_longitudinal").asBoolean(false), f.path("type").asText().equals("date"), leaves, parents);
      fields.put(meta.path(), meta);
    }
  }

  /** Collects the leaves under {@code values}, and returns their names. */
  private static List<String> values(JsonNode values, List<Leaf> leaves, Map<String, List<String>> parents) {
    final List<String> names = new ArrayList<>();
    for (JsonNode v : values) {
      final String name = v.path("name").asText();
      if (v.path("values").size() > 0) {
        final List<String> under = new ArrayList<>();
        parents.put(name, under);
        under.addAll(values(v.path("values"), leaves, parents));
        names.addAll(under);
        continue;
      }
      final JsonNode single = v.get("value");
      leaves.add(new Leaf(name, v.path("title").asText(name), v.path("is_sentinel").asBoolean(false),
          bound(single != null ? single : v.get("minimum")), bound(single != null ? single : v.get("maximum"))));
      names.add(name);
    }
    return names;
  }

  private static @Nullable String bound(@Nullable JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    return n.isNumber() ? new BigDecimal(n.asText()).stripTrailingZeros().toPlainString() : n.asText();
  }

  /** The longitudinal field of the main resource, which the API adds to every query, or null. */
  @Nullable FieldMeta longitudinal() {
    return fields.values().stream().filter(f -> f.isMain() && f.longitudinal()).findFirst().orElse(null);
  }
}
