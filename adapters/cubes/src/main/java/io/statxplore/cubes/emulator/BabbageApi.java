package io.statxplore.cubes.emulator;

import io.statxplore.cubes.emulator.BudgetData.Attribute;
import io.statxplore.cubes.emulator.BudgetData.Dataset;
import io.statxplore.cubes.emulator.BudgetData.Dimension;
import io.statxplore.cubes.emulator.BudgetData.Entry;
import io.statxplore.cubes.emulator.CubesEmulator.Call;
import io.statxplore.cubes.emulator.CubesEmulator.Refusal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.statxplore.cubes.emulator.CubesEmulator.MAPPER;

/**
 * OpenSpending's babbage as os-api mounts it at {@code /api/3}: cubes, model, aggregate, facts and
 * members, with babbage's cut syntax ({@code ref:v;w}, quoted strings, values typed by the model,
 * no ranges), page size 100 by default, and its {@code {"status": "error"}} bodies.
 */
final class BabbageApi {
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 10_000;
  private static final List<String> FUNCTIONS = List.of("sum", "min", "max");

  private final CubesEmulator emulator;

  BabbageApi(CubesEmulator emulator) {
    this.emulator = emulator;
  }

  static ObjectNode error(String message) {
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("status", "error");
    body.put("message", message);
    body.putObject("context");
    return body;
  }

  private static Refusal query(String message) {
    return new Refusal(400, error(message));
  }

  JsonNode handle(Call call) {
    final List<String> p = call.path();
    if (p.size() == 3 && p.get(2).equals("cubes")) {
      final ObjectNode body = MAPPER.createObjectNode();
      body.put("status", "ok");
      final ArrayNode data = body.putArray("data");
      emulator.datasets().values().forEach(d -> data.addObject().put("name", d.name()));
      return body;
    }
    if (p.size() < 5 || !p.get(2).equals("cubes")) {
      throw new Refusal(404, error("Not found: /" + String.join("/", p)));
    }
    final Dataset d = emulator.dataset(p.get(3));
    if (d == null) {
      throw new Refusal(404, error("No such cube: " + p.get(3)));
    }
    return switch (p.get(4)) {
      case "model" -> model(d);
      case "aggregate" -> aggregate(d, call);
      case "facts" -> facts(d, call);
      case "members" -> {
        if (p.size() != 6) {
          throw new Refusal(404, error("Not found: /" + String.join("/", p)));
        }
        yield members(d, p.get(5), call);
      }
      default -> throw new Refusal(404, error("Not found: /" + String.join("/", p)));
    };
  }

  private static ObjectNode model(Dataset d) {
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("status", "ok");
    body.put("name", d.name());
    final ObjectNode model = body.putObject("model");
    final ObjectNode dims = model.putObject("dimensions");
    for (Dimension dim : d.dimensions()) {
      final ObjectNode n = dims.putObject(dim.name());
      n.put("ref", dim.name());
      n.put("key_attribute", dim.key());
      n.putNull("cardinality_class");
      n.put("label_ref", dim.name() + "." + dim.labelAttribute());
      n.put("label", dim.label());
      n.put("hierarchy", dim.name().startsWith("cofog") ? "cofog" : dim.name());
      final ObjectNode attrs = n.putObject("attributes");
      for (Attribute a : dim.attributes()) {
        final ObjectNode an = attrs.putObject(a.name());
        an.put("ref", dim.ref(a));
        an.put("column", dim.name() + "_" + a.name());
        an.put("datatype", a.datatype());
        an.put("label", a.label());
      }
      n.put("label_attribute", dim.labelAttribute());
      n.put("key_ref", dim.name() + "." + dim.key());
    }
    final ObjectNode amount = model.putObject("measures").putObject("amount");
    amount.put("ref", "amount");
    amount.put("column", "amount");
    amount.put("currency", d.currency());
    amount.put("label", "Amount");
    final ObjectNode hierarchies = model.putObject("hierarchies");
    for (Dimension dim : d.dimensions()) {
      if (!dim.name().startsWith("cofog")) {
        final ObjectNode h = hierarchies.putObject(dim.name());
        h.put("ref", dim.name());
        h.putArray("levels").add(dim.name());
        h.put("label", dim.label());
      }
    }
    final ObjectNode cofog = hierarchies.putObject("cofog");
    cofog.put("ref", "cofog");
    cofog.putArray("levels").add("cofog1").add("cofog2").add("cofog3");
    cofog.put("label", "COFOG");
    final ObjectNode aggregates = model.putObject("aggregates");
    for (String f : FUNCTIONS) {
      final ObjectNode a = aggregates.putObject("amount." + f);
      a.put("ref", "amount." + f);
      a.put("measure", "amount");
      a.put("function", f);
      a.put("label", "Amount (" + f + ")");
    }
    final ObjectNode count = aggregates.putObject("_count");
    count.put("ref", "_count");
    count.put("function", "count");
    count.put("label", "Facts");
    model.put("fact_table", "fdp_" + d.name().replace('-', '_'));
    return body;
  }

  /** The attribute refs a ref names: itself, or a dimension's key (and for a drilldown its label). */
  private static List<String> attributes(Dataset d, String ref, boolean withLabel) {
    final int dot = ref.indexOf('.');
    final Dimension dim = d.dimension(dot < 0 ? ref : ref.substring(0, dot));
    if (dim == null) {
      throw query("Invalid reference: " + ref);
    }
    if (dot < 0) {
      final List<String> refs = new ArrayList<>(List.of(dim.name() + "." + dim.key()));
      if (withLabel && !dim.labelAttribute().equals(dim.key())) {
        refs.add(dim.name() + "." + dim.labelAttribute());
      }
      return refs;
    }
    final String attr = ref.substring(dot + 1);
    if (dim.attributes().stream().noneMatch(a -> a.name().equals(attr))) {
      throw query("Invalid reference: " + ref);
    }
    return List.of(ref);
  }

  private static String datatype(Dataset d, String ref) {
    final Dimension dim = d.dimension(ref.substring(0, ref.indexOf('.')));
    return dim.attributes().stream().filter(a -> ref.endsWith("." + a.name())).findFirst().orElseThrow().datatype();
  }

  /** Parses {@code cut}, adds its filters to {@code slice}, and returns its description. */
  private static ArrayNode cut(Dataset d, Call call, Slice slice) {
    final ArrayNode cells = MAPPER.createArrayNode();
    for (String raw : call.all("cut", "\\|")) {
      final int colon = Syntax.indexOf(raw, ':');
      if (colon < 0) {
        throw query("Invalid cut: " + raw);
      }
      final String ref = attributes(d, raw.substring(0, colon), false).get(0);
      final String type = datatype(d, ref);
      final Set<Object> values = new HashSet<>();
      final ObjectNode cell = cells.addObject();
      cell.put("ref", ref);
      cell.put("operator", ":");
      final ArrayNode shown = cell.putArray("value");
      for (String v : Syntax.split(raw.substring(colon + 1), ';')) {
        final Object value = typed(v, type);
        values.add(value);
        shown.add(MAPPER.valueToTree(value));
      }
      slice.cut(e -> values.contains(e.values().get(ref)));
    }
    return cells;
  }

  private static Object typed(String raw, String type) {
    if (type.equals("integer")) {
      if (raw.startsWith("\"") || !raw.matches("-?\\d+")) {
        throw query("Invalid value for an integer attribute: " + raw);
      }
      return Long.parseLong(raw);
    }
    return Syntax.unescape(raw);
  }

  private record Page(long index, int size) { }

  private Page page(Call call) {
    try {
      final long page = call.param("page") == null ? 1 : Long.parseLong(call.param("page"));
      final Integer size = call.param("pagesize") == null ? null : Integer.parseInt(call.param("pagesize"));
      if (page < 1 || size != null && size < 0) {
        throw query("Invalid page: " + page);
      }
      return new Page(page - 1, Math.min(MAX_PAGE, emulator.pageSize(size, DEFAULT_PAGE)));
    } catch (NumberFormatException e) {
      throw query("Invalid page or pagesize");
    }
  }

  private static void paging(ObjectNode body, Page page, Call call) {
    body.put("page", page.index() + 1);
    body.put("page_size", page.size());
  }

  /** {@code order} as [ref, direction] pairs, refs checked against {@code allowed}. */
  private static List<String[]> order(Call call, Set<String> allowed) {
    final List<String[]> order = new ArrayList<>();
    for (String o : call.all("order", ",")) {
      final String[] parts = o.split(":");
      final String dir = parts.length > 1 ? parts[1] : "asc";
      if (!allowed.contains(parts[0]) || !dir.equals("asc") && !dir.equals("desc")) {
        throw query("Invalid sorting criterion: " + o);
      }
      order.add(new String[] {parts[0], dir});
    }
    return order;
  }

  private static ArrayNode orderNode(List<String[]> order) {
    final ArrayNode node = MAPPER.createArrayNode();
    order.forEach(o -> node.addArray().add(o[0]).add(o[1]));
    return node;
  }

  private ObjectNode aggregate(Dataset d, Call call) {
    final Slice slice = new Slice();
    final ArrayNode cutNode = cut(d, call, slice);
    final List<String> drilldown = new ArrayList<>();
    for (String r : call.all("drilldown", "\\|")) {
      attributes(d, r, true).stream().filter(a -> !drilldown.contains(a)).forEach(drilldown::add);
    }
    final List<String> aggregates = call.all("aggregates", "\\|");
    if (aggregates.isEmpty()) {
      FUNCTIONS.forEach(f -> aggregates.add("amount." + f));
      aggregates.add("_count");
    }
    for (String a : aggregates) {
      if (!a.equals("_count") && !(a.startsWith("amount.") && FUNCTIONS.contains(a.substring(7)))) {
        throw query("Invalid aggregate: " + a);
      }
    }
    final Set<String> sortable = new HashSet<>(drilldown);
    sortable.addAll(aggregates);
    final List<String[]> order = order(call, sortable);
    final Page page = page(call);
    final List<Entry> entries = slice.entries(d);
    final List<Slice.Cell> cells = Slice.sorted(Slice.cells(entries, drilldown), order,
        (c, k) -> c.key().containsKey(k) ? c.key().get(k) : c.stats().value(function(k)));
    final ObjectNode body = MAPPER.createObjectNode();
    body.set("summary", aggregateValues(aggregates, Slice.Stats.of(entries)));
    final ObjectNode currency = body.putObject("currency");
    aggregates.stream().filter(a -> !a.equals("_count")).forEach(a -> currency.put(a, d.currency()));
    paging(body, page, call);
    body.set("cell", cutNode);
    body.put("total_cell_count", cells.size());
    body.set("order", orderNode(order));
    body.put("status", "ok");
    final ArrayNode attrs = body.putArray("attributes");
    drilldown.forEach(attrs::add);
    final ArrayNode out = body.putArray("cells");
    for (Slice.Cell c : Slice.page(cells, page.index(), page.size())) {
      final ObjectNode cell = aggregateValues(aggregates, c.stats());
      c.key().forEach((k, v) -> cell.set(k, MAPPER.valueToTree(v)));
      out.add(cell);
    }
    final ArrayNode aggs = body.putArray("aggregates");
    aggregates.forEach(aggs::add);
    return body;
  }

  private static String function(String aggregate) {
    return aggregate.equals("_count") ? "count" : aggregate.substring(aggregate.indexOf('.') + 1);
  }

  private static ObjectNode aggregateValues(List<String> aggregates, Slice.Stats stats) {
    final ObjectNode node = MAPPER.createObjectNode();
    aggregates.forEach(a -> node.set(a, MAPPER.valueToTree(stats.value(function(a)))));
    return node;
  }

  private ObjectNode facts(Dataset d, Call call) {
    final Slice slice = new Slice();
    final ArrayNode cutNode = cut(d, call, slice);
    final List<String> fields = new ArrayList<>();
    for (String f : call.all("fields", ",")) {
      fields.addAll(f.equals("amount") ? List.of("amount") : attributes(d, f, true));
    }
    if (fields.isEmpty()) {
      d.dimensions().forEach(dim -> dim.attributes().forEach(a -> fields.add(dim.ref(a))));
      fields.add("amount");
    }
    final Set<String> sortable = new HashSet<>(fields);
    d.dimensions().forEach(dim -> dim.attributes().forEach(a -> sortable.add(dim.ref(a))));
    sortable.add("amount");
    final List<String[]> order = order(call, sortable);
    final Page page = page(call);
    final List<Entry> entries = Slice.sorted(slice.entries(d), order, BabbageApi::value);
    final ObjectNode body = MAPPER.createObjectNode();
    final ArrayNode fieldNode = body.putArray("fields");
    fields.forEach(fieldNode::add);
    body.set("cell", cutNode);
    paging(body, page, call);
    body.put("status", "ok");
    body.put("total_fact_count", entries.size());
    body.set("order", orderNode(order));
    final ArrayNode data = body.putArray("data");
    for (Entry e : Slice.page(entries, page.index(), page.size())) {
      final ObjectNode row = data.addObject();
      fields.forEach(f -> row.set(f, MAPPER.valueToTree(value(e, f))));
    }
    return body;
  }

  static Object value(Entry e, String ref) {
    return ref.equals("amount") ? (Object) e.amount() : e.values().get(ref);
  }

  private ObjectNode members(Dataset d, String dimension, Call call) {
    final Dimension dim = d.dimension(dimension);
    if (dim == null) {
      throw new Refusal(404, error("No such dimension: " + dimension));
    }
    final Slice slice = new Slice();
    final ArrayNode cutNode = cut(d, call, slice);
    final List<String> fields = dim.attributes().stream().map(dim::ref).toList();
    final List<String[]> order = order(call, new HashSet<>(fields));
    final Page page = page(call);
    final List<Map<String, Object>> members = Slice.sorted(Slice.cells(slice.entries(d), fields).stream()
        .map(c -> (Map<String, Object>) new LinkedHashMap<>(c.key())).toList(), order, Map::get);
    final ObjectNode body = MAPPER.createObjectNode();
    paging(body, page, call);
    body.set("cell", cutNode);
    body.put("total_member_count", members.size());
    final ArrayNode data = body.putArray("data");
    for (Map<String, Object> m : Slice.page(members, page.index(), page.size())) {
      final ObjectNode row = data.addObject();
      m.forEach((k, v) -> row.set(k, MAPPER.valueToTree(v)));
    }
    final ArrayNode fieldNode = body.putArray("fields");
    fields.forEach(fieldNode::add);
    body.set("order", orderNode(order));
    body.put("status", "ok");
    return body;
  }
}
