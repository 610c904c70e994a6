package io.statxplore.protari.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dataset of the emulator: its resources and relationships, the limits of its aggregation
 * query class, and its record-level units (the main resource's), from which every answer is
 * computed.
 */
final class Dataset {
  /** A resource (table) and its fields; {@code groups} gives the title of the nested group a field is in. */
  record Resource(String name, String title, @Nullable String description, String singular, String plural,
      List<Field> fields, Map<String, String> groups) {
    ObjectNode summary() {
      final ObjectNode r = JsonNodeFactory.instance.objectNode();
      if (description != null) {
        r.put("description", description);
      }
      r.put("name", name);
      r.put("title", title);
      final ObjectNode unit = r.putObject("unit");
      unit.put("plural", plural);
      unit.put("singular", singular);
      return r;
    }

    ObjectNode detail() {
      final ObjectNode r = summary();
      final ArrayNode list = JsonNodeFactory.instance.arrayNode();
      ArrayNode group = null;
      String open = null;
      for (Field f : fields) {
        final String title = groups.get(f.name);
        if (title == null) {
          open = null;
          list.add(f.json());
          continue;
        }
        if (!title.equals(open)) {
          final ObjectNode g = list.addObject();
          group = g.putArray("fields");
          g.put("title", title);
          open = title;
        }
        group.add(f.json());
      }
      r.set("fields", list);
      return r;
    }
  }

  /** A join from units of {@code host} to those of {@code target}. */
  record Relationship(String host, String name, String target, @Nullable String title) { }

  /** {@code field_exclusion_rules}: at most {@code limit} of {@code fields} (of all fields if empty). */
  record ExclusionRule(List<String> fields, int limit) { }

  /** How figures are perturbed. */
  enum Noise { RECORD_KEY, LAPLACE }

  /**
   * A record of a resource: its key (for perturbation), the leaf it falls in per field, its
   * numeric values, and its related records per relationship name.
   */
  static final class Unit {
    final long key;
    final Map<String, String> buckets = new HashMap<>();
    final Map<String, Double> numbers = new HashMap<>();
    final Map<String, List<Unit>> related = new HashMap<>();

    Unit(long key) {
      this.key = key;
    }
  }

  /** A field reached from the main resource: the relationships walked, then the field. */
  record FieldRef(String path, List<String> relationships, Field field) {
    boolean isMain() {
      return relationships.isEmpty();
    }
  }

  final String name;
  final String title;
  final String description;
  final @Nullable String notes;
  final String mainResource;
  final List<Resource> resources;
  final List<Relationship> relationships;
  final boolean disjunctions;
  final int maxFunctions;
  final int maxOutput;
  final List<ExclusionRule> exclusions;
  final Noise noise;
  final List<Unit> units;
  private final Map<String, Resource> byName = new LinkedHashMap<>();

  Dataset(String name, String title, String description, @Nullable String notes, String mainResource,
      List<Resource> resources, List<Relationship> relationships, boolean disjunctions, int maxFunctions,
      int maxOutput, List<ExclusionRule> exclusions, Noise noise, List<Unit> units) {
    this.name = name;
    this.title = title;
    this.description = description;
    this.notes = notes;
    this.mainResource = mainResource;
    this.resources = List.copyOf(resources);
    this.relationships = List.copyOf(relationships);
    this.disjunctions = disjunctions;
    this.maxFunctions = maxFunctions;
    this.maxOutput = maxOutput;
    this.exclusions = List.copyOf(exclusions);
    this.noise = noise;
    this.units = List.copyOf(units);
    resources.forEach(r -> byName.put(r.name(), r));
  }

  Resource main() {
    return byName.get(mainResource);
  }

  /**
   * The field at {@code path}: a field of the main resource, or relationship names joined by
   * {@code .} then a field of the last one's target; null if there is none.
   */
  @Nullable FieldRef resolve(String path) {
    final String[] parts = path.split("\\.", -1);
    String resource = mainResource;
    final List<String> walked = new ArrayList<>();
    for (int i = 0; i < parts.length - 1; i++) {
      final String host = resource;
      final String rel = parts[i];
      final Relationship r = relationships.stream().filter(x -> x.host().equals(host) && x.name().equals(rel))
          .findFirst().orElse(null);
      if (r == null) {
        return null;
      }
      walked.add(rel);
      resource = r.target();
    }
    final String fieldName = parts[parts.length - 1];
    final Field f = byName.get(resource).fields().stream().filter(x -> x.name.equals(fieldName)).findFirst()
        .orElse(null);
    return f == null ? null : new FieldRef(path, List.copyOf(walked), f);
  }

  /** The leaves {@code unit} falls in for {@code ref}: one for a main field, any for a related one. */
  static List<String> buckets(Unit unit, FieldRef ref) {
    List<Unit> reached = List.of(unit);
    for (String rel : ref.relationships()) {
      final List<Unit> next = new ArrayList<>();
      reached.forEach(u -> next.addAll(u.related.getOrDefault(rel, List.of())));
      reached = next;
    }
    final List<String> out = new ArrayList<>();
    for (Unit u : reached) {
      final String b = u.buckets.get(ref.field().name);
      if (b != null && !out.contains(b)) {
        out.add(b);
      }
    }
    return out;
  }

  /** The entry of {@code /datasets/}. */
  ObjectNode summary() {
    final ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("description", description);
    if (resources.size() > 1) {
      d.put("main_resource_name", mainResource);
    }
    d.put("name", name);
    if (notes != null) {
      d.put("notes", notes);
    }
    final ArrayNode list = d.putArray("resources");
    resources.forEach(r -> list.add(r.summary()));
    d.put("title", title);
    final ObjectNode unit = d.putObject("unit");
    unit.put("plural", main().plural());
    unit.put("singular", main().singular());
    return d;
  }

  /** {@code /datasets/{name}}, without its header. */
  ObjectNode detail() {
    final ObjectNode d = summary();
    d.put("main_resource_name", mainResource);
    final ObjectNode agg = d.putObject("query_classes").putObject("aggregation");
    agg.put("allow_disjunctions_and_custom_groups", disjunctions);
    final ArrayNode functions = agg.putArray("allowed_functions");
    function(functions, "count", "A field whose sentinel values should be excluded from the count.", false);
    function(functions, "mean", "The field whose non-sentinel values are to be averaged.", true);
    function(functions, "sum", "The field whose non-sentinel values are to be summed.", true);
    final ArrayNode rules = agg.putArray("field_exclusion_rules");
    for (ExclusionRule rule : exclusions) {
      final ObjectNode r = rules.addObject();
      if (!rule.fields().isEmpty()) {
        final ArrayNode fs = r.putArray("fields");
        rule.fields().forEach(f -> fs.addObject().put("name", f));
      }
      r.put("limit", rule.limit());
    }
    agg.put("max_functions", maxFunctions);
    agg.put("maximum_output_values_length", maxOutput);
    final ArrayNode rels = d.putArray("relationships");
    for (Relationship r : relationships) {
      final ObjectNode o = rels.addObject();
      o.put("host_resource_name", r.host());
      o.put("name", r.name());
      o.put("target_resource_name", r.target());
      if (r.title() != null) {
        o.put("title", r.title());
      }
    }
    final ArrayNode list = d.putArray("resources");
    resources.forEach(r -> list.add(r.detail()));
    return d;
  }

  private static void function(ArrayNode functions, String name, String description, boolean numeric) {
    final ObjectNode f = functions.addObject();
    f.put("name", name);
    final ObjectNode p = f.putArray("parameter_types").addObject();
    p.put("description", description);
    p.put("is_required", numeric);
    if (numeric) {
      p.put("requires_numeric_data", true);
    }
  }
}
