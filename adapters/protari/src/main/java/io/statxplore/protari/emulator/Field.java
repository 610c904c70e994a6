package io.statxplore.protari.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A field of a resource as the emulator serves and evaluates it: its values (a tree for
 * hierarchies), whose leaves are the buckets a record falls in; a range field's leaves are its
 * allowed intervals, bounded by {@code minimum}/{@code maximum} (numbers, or ISO dates).
 */
final class Field {
  /** A value of the field; a leaf is a bucket, a parent stands for its leaves. */
  record Value(String name, @Nullable String title, boolean sentinel, @Nullable Comparable<?> minimum,
      @Nullable Comparable<?> maximum, List<Value> children) {
    static Value of(String name, @Nullable String title) {
      return new Value(name, title, false, null, null, List.of());
    }

    static Value sentinel(String name, String title) {
      return new Value(name, title, true, null, null, List.of());
    }

    static Value parent(String name, String title, Value... children) {
      return new Value(name, title, false, null, null, List.of(children));
    }

    static Value range(String name, @Nullable Comparable<?> minimum, @Nullable Comparable<?> maximum) {
      return new Value(name, name, false, minimum, maximum, List.of());
    }

    boolean isRange() {
      return minimum != null || maximum != null;
    }
  }

  final String name;
  final String title;
  final String type;
  final List<Value> values;
  /** {@code has_numeric_data}: sums and means may be asked of it. */
  final boolean numeric;
  /** {@code has_range_data}: conditions may give ranges aligned with its intervals. */
  final boolean ranges;
  final boolean longitudinal;
  final @Nullable String description;
  final List<Value> leaves = new ArrayList<>();
  final Map<String, Value> byName = new LinkedHashMap<>();

  Field(String name, String title, String type, boolean numeric, boolean ranges, boolean longitudinal,
      @Nullable String description, List<Value> values) {
    this.name = name;
    this.title = title;
    this.type = type;
    this.numeric = numeric;
    this.ranges = ranges;
    this.longitudinal = longitudinal;
    this.description = description;
    this.values = List.copyOf(values);
    index(values);
  }

  private void index(List<Value> list) {
    for (Value v : list) {
      byName.put(v.name(), v);
      if (v.children().isEmpty()) {
        leaves.add(v);
      } else {
        index(v.children());
      }
    }
  }

  /** The leaves a value stands for: itself, or the leaves under it. */
  List<String> leavesOf(Value v) {
    final List<String> out = new ArrayList<>();
    collect(v, out);
    return out;
  }

  private static void collect(Value v, List<String> out) {
    if (v.children().isEmpty()) {
      out.add(v.name());
    }
    v.children().forEach(c -> collect(c, out));
  }

  boolean isDate() {
    return type.equals("date");
  }

  /** The field's metadata, as {@code /datasets/{name}} lists it. */
  ObjectNode json() {
    final ObjectNode f = JsonNodeFactory.instance.objectNode();
    if (description != null) {
      f.put("description", description);
    }
    if (longitudinal) {
      f.put("is_longitudinal", true);
    }
    if (ranges) {
      final Value first = leaves.stream().filter(Value::isRange).filter(v -> v.minimum() != null).findFirst()
          .orElseThrow();
      final Value last = leaves.stream().filter(v -> v.isRange() && v.maximum() != null)
          .reduce((a, b) -> b).orElseThrow();
      f.put("can_be_above_maximum", leaves.stream().anyMatch(v -> v.isRange() && v.maximum() == null));
      f.put("can_be_below_minimum", leaves.stream().anyMatch(v -> v.isRange() && v.minimum() == null));
      if (numeric) {
        f.put("has_numeric_data", true);
      }
      f.put("has_range_data", true);
      put(f, "minimum", first.minimum());
      put(f, "maximum", last.maximum());
    }
    f.put("name", name);
    f.put("title", title);
    f.put("type", type);
    f.set("values", values(values));
    return f;
  }

  private ArrayNode values(List<Value> list) {
    final ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Value v : list) {
      final ObjectNode o = out.addObject();
      if (v.sentinel()) {
        o.put("is_sentinel", true);
      }
      if (v.minimum() != null && v.minimum().equals(v.maximum())) {
        o.put("name", v.name());
        put(o, "value", v.minimum());
      } else {
        put(o, "maximum", v.maximum());
        put(o, "minimum", v.minimum());
        o.put("name", v.name());
      }
      if (v.title() != null) {
        o.put("title", v.title());
      }
      if (!v.children().isEmpty()) {
        o.set("values", values(v.children()));
      }
    }
    return out;
  }

  private static void put(ObjectNode o, String key, @Nullable Comparable<?> value) {
    if (value instanceof Double d) {
      if (d == Math.rint(d)) {
        o.put(key, d.longValue());
      } else {
        o.put(key, d);
      }
    } else if (value != null) {
      o.put(key, value.toString());
    }
  }
}
