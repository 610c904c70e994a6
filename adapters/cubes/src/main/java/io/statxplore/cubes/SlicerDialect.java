package io.statxplore.cubes;

import io.statxplore.core.http.CallScope;
import io.statxplore.core.record.Pred;
import io.statxplore.cubes.CubeModel.Attr;
import io.statxplore.cubes.CubeModel.Dim;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.Suppliers;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The DataBrewery Cubes server: cuts on a dimension's top level key ({@code dim:v}, sets
 * {@code dim:a;b}, ranges {@code dim:a-b}, {@code dim:a-}, {@code dim:-b}), reserved characters
 * escaped with {@code \}; {@code drilldown=dim|dim:level}; {@code aggregates=amount_sum|record_count};
 * {@code order=ref:dir,…}; 0-based {@code page}; answers capped at {@code /info}'s
 * {@code json_record_limit}.
 */
final class SlicerDialect extends Dialect {
  private final Supplier<@Nullable Integer> recordLimit;

  SlicerDialect(CubesClient client) {
    super(client);
    this.recordLimit = Suppliers.memoize(() -> {
      final JsonNode limit = client.metadata(client.url("info")).path("json_record_limit");
      return limit.canConvertToInt() && limit.asInt() > 0 ? limit.asInt() : null;
    });
  }

  @Override String flavor() {
    return "Cubes";
  }

  @Override @Nullable Integer recordLimit() {
    return recordLimit.get();
  }

  @Override List<Listed> datasets() {
    final List<Listed> list = new ArrayList<>();
    for (JsonNode c : objects(client.metadata(client.url("cubes")), "cubes")) {
      final String name = c.path("name").asText();
      list.add(new Listed(name, c.path("label").asText(name), c.path("description").asText(""),
          c.path("info").path("currency").asText(null), List.of()));
    }
    return list;
  }

  @Override CubeModel model(String dataset) {
    final JsonNode model = client.metadata(client.url("cube", dataset, "model"));
    final List<Dim> dims = new ArrayList<>();
    for (JsonNode d : model.path("dimensions")) {
      final String dim = d.path("name").asText();
      final List<Attr> attrs = new ArrayList<>();
      int depth = 0;
      for (JsonNode level : d.path("levels")) {
        final String levelName = level.path("name").asText(dim);
        for (JsonNode a : level.path("attributes")) {
          final String name = a.isTextual() ? a.asText() : a.path("name").asText();
          attrs.add(new Attr(dim, name, a.path("ref").asText(dim + "." + name), a.path("label").asText(name),
              a.path("datatype").asText("string"), depth, levelName, name.equals(level.path("key").asText())));
        }
        depth++;
      }
      dims.add(new Dim(dim, d.path("label").asText(dim), d.path("description").asText(""), attrs));
    }
    final Map<String, String> measures = new LinkedHashMap<>();
    model.path("measures").forEach(m -> measures.put(m.path("name").asText(), m.path("label").asText("")));
    final Map<String, String> aggregates = new LinkedHashMap<>();
    model.path("aggregates").forEach(a -> {
      // An aggregate with an expression computes something else than its function of a measure.
      if (!a.has("expression")) {
        aggregates.put(a.path("function").asText() + ":" + a.path("measure").asText(""), a.path("name").asText());
      }
    });
    return new CubeModel(dims, measures, aggregates, model.path("info").path("currency").asText(null));
  }

  /** A path value with the cut syntax's reserved characters escaped. */
  static String escape(Object value) {
    return text(value).replaceAll("([\\\\|:;,\\-!])", "\\\\$1");
  }

  private static String cut(Cut c) {
    final String dim = c.attr().dimension() + ":";
    if (c.values() != null) {
      return dim + c.values().stream().map(SlicerDialect::escape).collect(Collectors.joining(";"));
    }
    return dim + (c.lo() == null ? "" : escape(c.lo())) + "-" + (c.hi() == null ? "" : escape(c.hi()));
  }

  private static void common(HttpUrl.Builder b, Request r, long start, int size) {
    if (!r.cuts().isEmpty()) {
      b.addQueryParameter("cut", r.cuts().stream().map(SlicerDialect::cut).collect(Collectors.joining("|")));
    }
    if (!r.order().isEmpty()) {
      b.addQueryParameter("order", r.order().stream().map(o -> o.ref() + (o.descending() ? ":desc" : ":asc"))
          .collect(Collectors.joining(",")));
    }
    if (size > 0) {
      b.addQueryParameter("page", String.valueOf(start / size));
      b.addQueryParameter("pagesize", String.valueOf(size));
    }
  }

  @Override HttpUrl aggregate(Request r, @Nullable Long start, @Nullable Integer size) {
    final HttpUrl.Builder b = client.url("cube", r.dataset(), "aggregate").newBuilder();
    final Map<String, Attr> deepest = new LinkedHashMap<>();
    r.drilldown().forEach(a -> deepest.merge(a.dimension(), a, (x, y) -> x.level() >= y.level() ? x : y));
    if (!deepest.isEmpty()) {
      b.addQueryParameter("drilldown", deepest.values().stream()
          .map(a -> a.level() == 0 ? a.dimension() : a.dimension() + ":" + a.levelName())
          .collect(Collectors.joining("|")));
    }
    b.addQueryParameter("aggregates", String.join("|", r.aggregates()));
    common(b, r, start == null ? 0 : start, size == null ? 0 : size);
    return b.build();
  }

  @Override Answer readAggregate(JsonNode body) {
    return new Answer(objects(body.path("cells"), "cells"), total(body.path("total_cell_count")),
        body.path("summary"));
  }

  @Override HttpUrl facts(Request r, long start, int size) {
    final HttpUrl.Builder b = client.url("cube", r.dataset(), "facts").newBuilder();
    final List<String> fields = new ArrayList<>();
    r.drilldown().forEach(a -> fields.add(a.ref()));
    fields.addAll(r.measures());
    if (!fields.isEmpty()) {
      b.addQueryParameter("fields", String.join(",", fields));
    }
    common(b, r, start, size);
    return b.build();
  }

  @Override Answer readFacts(JsonNode body) {
    return new Answer(objects(body, "facts"), null, null);
  }

  @Override HttpUrl members(String dataset, Dim dim, long start, int size) {
    return client.url("cube", dataset, "members", dim.name()).newBuilder()
        .addQueryParameter("page", String.valueOf(start / size))
        .addQueryParameter("pagesize", String.valueOf(size)).build();
  }

  @Override Answer readMembers(JsonNode body, Dim dim) {
    return new Answer(objects(body.path("data"), "data"), null, null);
  }

  /** Points and sets on a top level key; ranges (as inclusive bounds) on an integer one. */
  @Override boolean canCut(Attr attr, Pred.Op op, Object value) {
    if (!attr.key() || attr.level() != 0) {
      return false;
    }
    final boolean integer = attr.datatype().equals("integer");
    if (integer ? !(value instanceof Long) : !(value instanceof String)) {
      return false;
    }
    return op == Pred.Op.EQ || integer && op != Pred.Op.NE;
  }

  /**
   * A drilldown to a level groups by the keys of it and every level above: a grouping is exact
   * when it holds those keys, and the key of each level whose other attributes it holds.
   */
  @Override boolean canDrillAll(List<Attr> attrs) {
    final Map<String, Integer> deepest = new LinkedHashMap<>();
    attrs.forEach(a -> deepest.merge(a.dimension(), a.level(), Math::max));
    for (Attr a : attrs) {
      for (int level = 0; level <= deepest.get(a.dimension()); level++) {
        final int l = level;
        if (attrs.stream().noneMatch(x -> x.dimension().equals(a.dimension()) && x.level() == l && x.key())) {
          return false;
        }
      }
    }
    return true;
  }

  @Override @Nullable HttpUrl entry(String dataset, String id) {
    return client.url("cube", dataset, "fact", id);
  }

  @Override @Nullable String idRef() {
    return "id";
  }

  /** Whether the server at {@code client}'s URL answers {@code /info} as a Cubes server does. */
  static boolean detect(CubesClient client, CallScope scope) {
    final JsonNode info = client.get(client.url("info"), scope);
    return info.has("json_record_limit") || info.has("cubes_version");
  }
}
