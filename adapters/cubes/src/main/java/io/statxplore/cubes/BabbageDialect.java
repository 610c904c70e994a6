package io.statxplore.cubes;

import io.statxplore.core.http.CallScope;
import io.statxplore.core.record.Pred;
import io.statxplore.cubes.CubeModel.Attr;
import io.statxplore.cubes.CubeModel.Dim;

import com.fasterxml.jackson.databind.JsonNode;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * OpenSpending's babbage ({@code /api/3}): cuts {@code ref:v;w} with quoted strings and values of
 * the attribute's type (no ranges), {@code drilldown=ref|ref}, {@code aggregates=amount.sum|_count},
 * {@code order=ref:dir,…}, 1-based {@code page}/{@code pagesize}.
 */
final class BabbageDialect extends Dialect {
  BabbageDialect(CubesClient client) {
    super(client);
  }

  @Override String flavor() {
    return "babbage";
  }

  private HttpUrl.Builder cube(String dataset, String what) {
    return client.url("api", "3", "cubes", dataset, what).newBuilder();
  }

  @Override List<Listed> datasets() {
    final JsonNode body = client.metadata(client.url("api", "3", "cubes"));
    final List<Listed> list = new ArrayList<>();
    for (JsonNode c : objects(body.path("data"), "data")) {
      final String name = c.path("name").asText();
      list.add(new Listed(name, c.path("label").asText(name), c.path("description").asText(""), null, List.of()));
    }
    return list;
  }

  @Override CubeModel model(String dataset) {
    final JsonNode model = client.metadata(cube(dataset, "model").build()).path("model");
    final Map<String, Integer> levels = new LinkedHashMap<>();
    model.path("hierarchies").forEach(h -> {
      int i = 0;
      for (JsonNode l : h.path("levels")) {
        levels.put(l.asText(), i++);
      }
    });
    final List<Dim> dims = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("dimensions").fields(); it.hasNext(); ) {
      final Map.Entry<String, JsonNode> d = it.next();
      final String key = d.getValue().path("key_attribute").asText();
      final List<Attr> attrs = new ArrayList<>();
      d.getValue().path("attributes").fields().forEachRemaining(a -> attrs.add(new Attr(d.getKey(), a.getKey(),
          a.getValue().path("ref").asText(d.getKey() + "." + a.getKey()), a.getValue().path("label").asText(a.getKey()),
          a.getValue().path("datatype").asText("string"), levels.getOrDefault(d.getKey(), 0), d.getKey(),
          a.getKey().equals(key))));
      dims.add(new Dim(d.getKey(), d.getValue().path("label").asText(d.getKey()),
          d.getValue().path("description").asText(""), attrs));
    }
    final Map<String, String> measures = new LinkedHashMap<>();
    String currency = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("measures").fields(); it.hasNext(); ) {
      final Map.Entry<String, JsonNode> m = it.next();
      measures.put(m.getKey(), m.getValue().path("label").asText(m.getKey()));
      currency = m.getValue().path("currency").asText(currency);
    }
    final Map<String, String> aggregates = new LinkedHashMap<>();
    model.path("aggregates").fields().forEachRemaining(a -> aggregates.put(
        a.getValue().path("function").asText() + ":" + a.getValue().path("measure").asText(""), a.getKey()));
    return new CubeModel(dims, measures, aggregates, currency);
  }

  /** {@code "…"} with {@code "} and {@code \} escaped; numbers bare, as babbage types them. */
  static String value(Object v) {
    return v instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : text(v);
  }

  private static void common(HttpUrl.Builder b, Request r) {
    if (!r.cuts().isEmpty()) {
      b.addQueryParameter("cut", r.cuts().stream().map(c -> c.attr().ref() + ":"
          + c.values().stream().map(BabbageDialect::value).collect(Collectors.joining(";")))
          .collect(Collectors.joining("|")));
    }
  }

  private static void paging(HttpUrl.Builder b, Request r, long start, int size) {
    if (!r.order().isEmpty()) {
      b.addQueryParameter("order", r.order().stream().map(o -> o.ref() + (o.descending() ? ":desc" : ":asc"))
          .collect(Collectors.joining(",")));
    }
    b.addQueryParameter("page", String.valueOf(start / size + 1));
    b.addQueryParameter("pagesize", String.valueOf(size));
  }

  @Override HttpUrl aggregate(Request r, @Nullable Long start, @Nullable Integer size) {
    final HttpUrl.Builder b = cube(r.dataset(), "aggregate");
    common(b, r);
    if (!r.drilldown().isEmpty()) {
      b.addQueryParameter("drilldown", r.drilldown().stream().map(Attr::ref).collect(Collectors.joining("|")));
    }
    b.addQueryParameter("aggregates", String.join("|", r.aggregates()));
    if (start != null) {
      paging(b, r, start, size);
    }
    return b.build();
  }

  /** babbage echoes {@code page}: a server that ignores it would send the first page again. */
  @Override void checkPage(JsonNode body, long start, int size) {
    final JsonNode page = body.path("page");
    if (page.canConvertToLong() && page.asLong() != start / size + 1) {
      throw broken("it is page " + page.asLong() + " where page " + (start / size + 1) + " was asked for");
    }
  }

  @Override Answer readAggregate(JsonNode body) {
    return new Answer(objects(body.path("cells"), "cells"), total(body.path("total_cell_count")),
        body.path("summary"));
  }

  @Override HttpUrl facts(Request r, long start, int size) {
    final HttpUrl.Builder b = cube(r.dataset(), "facts");
    common(b, r);
    final List<String> fields = new ArrayList<>();
    r.drilldown().forEach(a -> fields.add(a.ref()));
    fields.addAll(r.measures());
    if (!fields.isEmpty()) {
      b.addQueryParameter("fields", String.join(",", fields));
    }
    paging(b, r, start, size);
    return b.build();
  }

  @Override Answer readFacts(JsonNode body) {
    return new Answer(objects(body.path("data"), "data"), total(body.path("total_fact_count")), null);
  }

  @Override HttpUrl members(String dataset, Dim dim, long start, int size) {
    return client.url("api", "3", "cubes", dataset, "members", dim.name()).newBuilder()
        .addQueryParameter("page", String.valueOf(start / size + 1))
        .addQueryParameter("pagesize", String.valueOf(size)).build();
  }

  @Override Answer readMembers(JsonNode body, Dim dim) {
    return new Answer(objects(body.path("data"), "data"), total(body.path("total_member_count")), null);
  }

  /** {@code =} and IN of a value of the attribute's type. */
  @Override boolean canCut(Attr attr, Pred.Op op, Object value) {
    return op == Pred.Op.EQ && (attr.datatype().equals("integer") ? value instanceof Long : value instanceof String);
  }

  /** Whether the server at {@code client}'s URL answers {@code /api/3/cubes} as babbage does. */
  static boolean detect(CubesClient client, CallScope scope) {
    return "ok".equals(client.get(client.url("api", "3", "cubes"), scope).path("status").asText());
  }
}
