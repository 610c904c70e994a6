package io.statxplore.cubes;

import io.statxplore.core.http.CallScope;
import io.statxplore.core.record.Pred;
import io.statxplore.cubes.CubeModel.Attr;
import io.statxplore.cubes.CubeModel.Dim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * OpenSpending v2: {@code /api/2/aggregate?dataset=…&cut=ref:v|ref:w&drilldown=a|b&order=ref:dir|…}
 * (one value per cut term, the same attribute twice meaning either), the sum of the measure and
 * {@code num_entries} in every cell, 1-based {@code page}/{@code pagesize}; entries through
 * {@code /api/2/search}, which takes filters but no order.
 */
final class V2Dialect extends Dialect {
  static final String COUNT = "num_entries";
  /** The permissions API's rights, and the SQL privilege each grants. */
  static final Map<String, String> CRUD = ImmutableMap.of("create", "INSERT", "read", "SELECT", "update", "UPDATE",
      "delete", "DELETE");

  V2Dialect(CubesClient client) {
    super(client);
  }

  @Override String flavor() {
    return "OpenSpending v2";
  }

  @Override List<Listed> datasets() {
    final List<Listed> list = new ArrayList<>();
    for (JsonNode d : objects(client.metadata(client.url("datasets.json")).path("datasets"), "datasets")) {
      final String name = d.path("name").asText();
      final List<String> territories = new ArrayList<>();
      d.path("territories").forEach(t -> territories.add(t.isObject() ? t.path("code").asText() : t.asText()));
      list.add(new Listed(name, d.path("label").asText(name), d.path("description").asText(""),
          d.path("currency").asText(null), territories));
    }
    return list;
  }

  @Override CubeModel model(String dataset) {
    final JsonNode body = client.metadata(client.url(dataset, "model.json"));
    final List<Dim> dims = new ArrayList<>();
    final Map<String, String> measures = new LinkedHashMap<>();
    final Map<String, String> aggregates = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.path("mapping").fields(); it.hasNext(); ) {
      final Map.Entry<String, JsonNode> m = it.next();
      final String name = m.getKey();
      final JsonNode d = m.getValue();
      if (d.path("type").asText().equals("measure")) {
        measures.put(name, d.path("label").asText(name));
        aggregates.put("sum:" + name, name);
        continue;
      }
      final List<String> names = new ArrayList<>();
      d.path("attributes").fieldNames().forEachRemaining(names::add);
      final String key = names.contains("name") ? "name" : names.isEmpty() ? "" : names.get(0);
      final List<Attr> attrs = new ArrayList<>();
      for (String a : names) {
        final String datatype = d.path("attributes").path(a).path("datatype").asText("string");
        if (!datatype.equals("constant")) {
          attrs.add(new Attr(name, a, name + "." + a, a, datatype, 0, name, a.equals(key)));
        }
      }
      dims.add(new Dim(name, d.path("label").asText(name), d.path("description").asText(""), attrs));
    }
    aggregates.put("count:", COUNT);
    return new CubeModel(dims, measures, aggregates, body.path("dataset").path("currency").asText(null));
  }

  private static String cut(Request r) {
    final List<String> terms = new ArrayList<>();
    r.cuts().forEach(c -> c.values().forEach(v -> terms.add(c.attr().ref() + ":" + text(v))));
    return String.join("|", terms);
  }

  @Override HttpUrl aggregate(Request r, @Nullable Long start, @Nullable Integer size) {
    final HttpUrl.Builder b = client.url("api", "2", "aggregate").newBuilder()
        .addQueryParameter("dataset", r.dataset());
    if (!r.measures().isEmpty() && !r.measures().equals(List.of("amount"))) {
      b.addQueryParameter("measure", String.join("|", r.measures()));
    }
    if (!r.cuts().isEmpty()) {
      b.addQueryParameter("cut", cut(r));
    }
    if (!r.drilldown().isEmpty()) {
      b.addQueryParameter("drilldown", r.drilldown().stream().map(Attr::ref).collect(Collectors.joining("|")));
    }
    if (!r.order().isEmpty()) {
      b.addQueryParameter("order", r.order().stream().map(o -> o.ref() + (o.descending() ? ":desc" : ":asc"))
          .collect(Collectors.joining("|")));
    }
    if (start != null) {
      b.addQueryParameter("page", String.valueOf(start / size + 1));
      b.addQueryParameter("pagesize", String.valueOf(size));
    }
    return b.build();
  }

  @Override Answer readAggregate(JsonNode body) {
    final List<ObjectNode> cells = new ArrayList<>();
    objects(body.path("drilldown"), "drilldown").forEach(c -> cells.add(flatten(c)));
    return new Answer(cells, total(body.path("summary").path("num_drilldowns")), body.path("summary"));
  }

  @Override HttpUrl facts(Request r, long start, int size) {
    final HttpUrl.Builder b = client.url("api", "2", "search").newBuilder().addQueryParameter("dataset", r.dataset());
    if (!r.cuts().isEmpty()) {
      b.addQueryParameter("filter", cut(r));
    }
    return b.addQueryParameter("page", String.valueOf(start / size + 1))
        .addQueryParameter("pagesize", String.valueOf(size)).build();
  }

  @Override Answer readFacts(JsonNode body) {
    final List<ObjectNode> rows = new ArrayList<>();
    objects(body.path("results"), "results").forEach(e -> rows.add(flatten(e)));
    return new Answer(rows, total(body.path("stats").path("results_count_query")), null);
  }

  @Override HttpUrl members(String dataset, Dim dim, long start, int size) {
    return client.url(dataset, dim.name() + ".json").newBuilder()
        .addQueryParameter("page", String.valueOf(start / size + 1)).build();
  }

  @Override Answer readMembers(JsonNode body, Dim dim) {
    final List<ObjectNode> rows = new ArrayList<>();
    for (ObjectNode v : objects(body.path("values"), "values")) {
      final ObjectNode row = CubesClient.MAPPER.createObjectNode();
      v.fields().forEachRemaining(f -> row.set(dim.name() + "." + f.getKey(), f.getValue()));
      rows.add(row);
    }
    return new Answer(rows, total(body.path("total")), null);
  }

  /** {@code =} (and IN, as the same attribute cut twice) of a value without the separator {@code |}. */
  @Override boolean canCut(Attr attr, Pred.Op op, Object value) {
    return op == Pred.Op.EQ && (value instanceof Long || value instanceof String s && !s.contains("|"));
  }

  @Override boolean canSortFacts() {
    return false;
  }

  @Override @Nullable HttpUrl entry(String dataset, String id) {
    return client.url(dataset, "entries", id + ".json");
  }

  /** The caller's rights on {@code dataset} ({@code /api/2/permissions}), each {@code true} or {@code false}. */
  JsonNode permissions(String dataset, CallScope scope) {
    final JsonNode p = client.get(client.url("api", "2", "permissions").newBuilder()
        .addQueryParameter("dataset", dataset).build(), scope);
    if (!p.isObject()) {
      throw broken("the permissions of " + dataset + " are not an object");
    }
    return p;
  }

  /** read → SELECT, create → INSERT, update → UPDATE, delete → DELETE, where the answer says true. */
  @Override List<String> privileges(String dataset) {
    final JsonNode p = permissions(dataset, CallScope.current());
    return CRUD.entrySet().stream().filter(e -> p.path(e.getKey()).asBoolean(false)).map(Map.Entry::getValue).toList();
  }

  @Override @Nullable String idRef() {
    return "id";
  }

  /** Whether the server at {@code client}'s URL lists {@code /datasets.json} as v2 does. */
  static boolean detect(CubesClient client, CallScope scope) {
    return client.get(client.url("datasets.json"), scope).path("datasets").isArray();
  }
}
