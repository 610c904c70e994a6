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
import java.util.function.Predicate;

import static io.statxplore.cubes.emulator.CubesEmulator.MAPPER;

/**
 * The DataBrewery Cubes ("Slicer") server: {@code /version}, {@code /info}, {@code /cubes} and
 * {@code /cube/<name>/model|aggregate|facts|fact|members|cell}. Each dimension is flat (one level,
 * named {@code year} for {@code time}, else as the dimension); cuts take points, sets
 * ({@code a;b}), closed and open ranges ({@code a-b}, {@code a-}, {@code -b}), inversion
 * ({@code !dim:…}) and backslash escapes. Pages are 0-based; one answer holds at most the record
 * limit {@code /info} reports.
 */
final class SlicerApi {
  private final CubesEmulator emulator;

  SlicerApi(CubesEmulator emulator) {
    this.emulator = emulator;
  }

  /** A user error body: {@code {"error": type, "message": …}}. */
  static ObjectNode userError(String type, String message) {
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("error", type);
    body.put("message", message);
    return body;
  }

  private static Refusal argument(String message) {
    return new Refusal(400, userError("argument", message));
  }

  /** A request error, the server's other body: {@code {"error": {"message", "type": "request"}}}. */
  private static Refusal request(String message) {
    final ObjectNode body = MAPPER.createObjectNode();
    final ObjectNode error = body.putObject("error");
    error.put("message", message);
    error.put("type", "request");
    return new Refusal(400, body);
  }

  private static Refusal missing(String type, String name) {
    final ObjectNode body = userError("missing_object", "Unknown " + type + " '" + name + "'");
    body.put("object", name);
    body.put("object_type", type);
    return new Refusal(404, body);
  }

  private static Refusal notFound() {
    final ObjectNode body = userError("not_found", "The requested URL was not found on the server.");
    body.put("hint", "If you entered the URL manually please check your spelling and try again.");
    return new Refusal(404, body);
  }

  static String level(Dimension dim) {
    return dim.name().equals("time") ? "year" : dim.name();
  }

  JsonNode handle(Call call) {
    final List<String> p = call.path();
    if (p.size() == 1) {
      return switch (p.get(0)) {
        case "version" -> MAPPER.createObjectNode().put("version", "1.0");
        case "info" -> info();
        case "cubes" -> cubes();
        default -> throw notFound();
      };
    }
    if (p.size() < 3 || !p.get(0).equals("cube")) {
      throw notFound();
    }
    final Dataset d = emulator.dataset(p.get(1));
    if (d == null) {
      throw missing("cube", p.get(1));
    }
    return switch (p.get(2)) {
      case "model" -> model(d);
      case "aggregate" -> aggregate(d, call);
      case "facts" -> facts(d, call);
      case "fact" -> {
        if (p.size() != 4) {
          throw notFound();
        }
        yield d.entries().stream().filter(e -> e.id().equals(p.get(3))).findFirst().map(e -> fact(d, e))
            .orElseThrow(() -> missing("fact", p.get(3)));
      }
      case "members" -> {
        if (p.size() != 4) {
          throw notFound();
        }
        yield members(d, p.get(3), call);
      }
      case "cell" -> {
        final ObjectNode body = MAPPER.createObjectNode();
        body.put("cube", d.name());
        body.set("cuts", cut(d, call, new Slice()));
        yield body;
      }
      default -> throw notFound();
    };
  }

  private ObjectNode info() {
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("api_version", 2);
    body.put("cubes_version", "1.1");
    body.put("json_record_limit", emulator.pageCap());
    body.put("authentication", "none");
    body.put("timezone", "UTC");
    body.put("first_weekday", 0);
    return body;
  }

  private ArrayNode cubes() {
    final ArrayNode list = MAPPER.createArrayNode();
    for (Dataset d : emulator.datasets().values()) {
      final ObjectNode c = list.addObject();
      c.put("name", d.name());
      c.put("label", d.label());
      c.put("description", d.description());
      c.put("category", "budget");
      c.putObject("info").put("currency", d.currency());
    }
    return list;
  }

  private static ObjectNode model(Dataset d) {
    final ObjectNode m = MAPPER.createObjectNode();
    m.put("name", d.name());
    m.put("label", d.label());
    m.put("description", d.description());
    final ArrayNode dims = m.putArray("dimensions");
    for (Dimension dim : d.dimensions()) {
      final ObjectNode n = dims.addObject();
      n.put("name", dim.name());
      n.put("label", dim.label());
      n.put("is_flat", true);
      n.put("has_details", dim.attributes().size() > 1);
      n.put("default_hierarchy_name", "default");
      final ObjectNode level = n.putArray("levels").addObject();
      level.put("name", level(dim));
      level.put("label", dim.label());
      final ArrayNode attrs = level.putArray("attributes");
      for (Attribute a : dim.attributes()) {
        final ObjectNode an = attrs.addObject();
        an.put("name", a.name());
        an.put("ref", dim.ref(a));
        an.put("label", a.label());
        an.put("datatype", a.datatype());
      }
      level.put("key", dim.key());
      level.put("label_attribute", dim.labelAttribute());
      level.put("order_attribute", dim.key());
      level.put("order", "asc");
      level.put("cardinality", "low");
      final ObjectNode h = n.putArray("hierarchies").addObject();
      h.put("name", "default");
      h.putArray("levels").add(level(dim));
      n.put("cardinality", "low");
      if (dim.name().equals("time")) {
        n.put("role", "time");
      }
      n.put("description", dim.description());
    }
    final ArrayNode aggregates = m.putArray("aggregates");
    for (String f : List.of("sum", "min", "max")) {
      final ObjectNode a = aggregates.addObject();
      a.put("name", "amount_" + f);
      a.put("label", "Amount (" + f + ")");
      a.put("measure", "amount");
      a.put("function", f);
    }
    final ObjectNode count = aggregates.addObject();
    count.put("name", "record_count");
    count.put("label", "Record count");
    count.put("function", "count");
    final ObjectNode measure = m.putArray("measures").addObject();
    measure.put("name", "amount");
    measure.put("label", "Amount");
    measure.putArray("aggregates").add("sum").add("min").add("max");
    m.putArray("details");
    m.putObject("info").put("currency", d.currency());
    m.putObject("features");
    return m;
  }

  private static Dimension dimension(Dataset d, String name) {
    final Dimension dim = d.dimension(name);
    if (dim == null) {
      throw missing("dimension", name);
    }
    return dim;
  }

  /** Parses {@code cut}, adds its conditions to {@code slice}, and returns the cuts as dicts. */
  private static ArrayNode cut(Dataset d, Call call, Slice slice) {
    final ArrayNode cuts = MAPPER.createArrayNode();
    for (String c : call.params().getOrDefault("cut", List.of())) {
      for (String raw : Syntax.split(c, '|')) {
        if (raw.isEmpty()) {
          continue;
        }
        final boolean invert = raw.startsWith("!");
        final String text = invert ? raw.substring(1) : raw;
        final int colon = Syntax.indexOf(text, ':');
        if (colon < 0) {
          throw argument("Wrong dimension cut string: '" + raw + "'");
        }
        final String dimRef = text.substring(0, colon);
        final Dimension dim = dimension(d, dimRef.contains("@") ? dimRef.substring(0, dimRef.indexOf('@')) : dimRef);
        final String ref = dim.name() + "." + dim.key();
        final boolean integer = dim.attributes().stream()
            .anyMatch(a -> a.name().equals(dim.key()) && a.datatype().equals("integer"));
        final String path = text.substring(colon + 1);
        final ObjectNode node = cuts.addObject();
        node.put("dimension", dim.name());
        node.put("hierarchy", "default");
        node.put("level_depth", 1);
        node.put("invert", invert);
        final Predicate<Entry> test;
        final List<String> set = Syntax.split(path, ';');
        final int dash = Syntax.indexOf(path, '-');
        if (set.size() > 1) {
          node.put("type", "set");
          final Set<Object> values = new HashSet<>();
          final ArrayNode paths = node.putArray("paths");
          for (String v : set) {
            final Object value = value(Syntax.unescape(v), integer);
            values.add(value);
            paths.addArray().add(value.toString());
          }
          test = e -> values.contains(e.values().get(ref));
        } else if (dash >= 0) {
          node.put("type", "range");
          final String from = Syntax.unescape(path.substring(0, dash));
          final String to = Syntax.unescape(path.substring(dash + 1));
          final Object lo = from.isEmpty() ? null : value(from, integer);
          final Object hi = to.isEmpty() ? null : value(to, integer);
          node.set("from", lo == null ? null : MAPPER.createArrayNode().add(lo.toString()));
          node.set("to", hi == null ? null : MAPPER.createArrayNode().add(hi.toString()));
          test = e -> (lo == null || Slice.compare(e.values().get(ref), lo) >= 0)
              && (hi == null || Slice.compare(e.values().get(ref), hi) <= 0);
        } else {
          node.put("type", "point");
          final Object value = value(Syntax.unescape(path), integer);
          node.putArray("path").add(value.toString());
          test = e -> value.equals(e.values().get(ref));
        }
        slice.cut(invert ? test.negate() : test);
      }
    }
    return cuts;
  }

  private static Object value(String text, boolean integer) {
    if (!integer) {
      return text;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw argument("Invalid value '" + text + "' for an integer level");
    }
  }

  private record Page(long index, int size) { }

  private Page page(Call call) {
    try {
      final long page = call.param("page") == null ? 0 : Long.parseLong(call.param("page"));
      final Integer size = call.param("pagesize") == null ? null : Integer.parseInt(call.param("pagesize"));
      return new Page(page, emulator.pageSize(size, emulator.pageCap()));
    } catch (NumberFormatException e) {
      throw request("'page' and 'pagesize' should be numbers");
    }
  }

  /** Every attribute ref of {@code dim}'s level. */
  private static List<String> levelRefs(Dimension dim) {
    return dim.attributes().stream().map(dim::ref).toList();
  }

  private static List<String[]> order(Call call, Set<String> allowed) {
    final List<String[]> order = new ArrayList<>();
    for (String o : call.all("order", ",")) {
      final String[] parts = o.split(":");
      final String dir = parts.length > 1 ? parts[1] : "asc";
      if (!allowed.contains(parts[0])) {
        throw argument("Unknown attribute '" + parts[0] + "' to order by");
      }
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw argument("Unknown order direction '" + dir + "'");
      }
      order.add(new String[] {parts[0], dir});
    }
    return order;
  }

  private ObjectNode aggregate(Dataset d, Call call) {
    final Slice slice = new Slice();
    final ArrayNode cutNode = cut(d, call, slice);
    final List<String> refs = new ArrayList<>();
    final ObjectNode levels = MAPPER.createObjectNode();
    for (String drill : call.all("drilldown", "\\|")) {
      final String[] parts = drill.split(":");
      final Dimension dim = dimension(d, parts[0].contains("@") ? parts[0].substring(0, parts[0].indexOf('@'))
          : parts[0]);
      if (parts.length > 1 && !parts[1].equals(level(dim))) {
        throw argument("No level '" + parts[1] + "' in dimension '" + dim.name() + "'");
      }
      levels.putArray(dim.name()).add(level(dim));
      levelRefs(dim).stream().filter(r -> !refs.contains(r)).forEach(refs::add);
    }
    final List<String> aggregates = call.all("aggregates", "\\|");
    if (aggregates.isEmpty()) {
      aggregates.addAll(List.of("amount_sum", "amount_min", "amount_max", "record_count"));
    }
    for (String a : aggregates) {
      if (!List.of("amount_sum", "amount_min", "amount_max", "record_count").contains(a)) {
        throw missing("aggregate", a);
      }
    }
    final Set<String> sortable = new HashSet<>(refs);
    sortable.addAll(aggregates);
    final List<String[]> order = order(call, sortable);
    final Page page = page(call);
    final List<Entry> entries = slice.entries(d);
    final List<Slice.Cell> cells = Slice.sorted(Slice.cells(entries, refs), order,
        (c, k) -> c.key().containsKey(k) ? c.key().get(k) : c.stats().value(function(k)));
    final ObjectNode body = MAPPER.createObjectNode();
    body.set("summary", values(aggregates, Slice.Stats.of(entries)));
    final ArrayNode out = body.putArray("cells");
    for (Slice.Cell c : Slice.page(cells, page.index(), page.size())) {
      final ObjectNode cell = values(aggregates, c.stats());
      c.key().forEach((k, v) -> cell.set(k, MAPPER.valueToTree(v)));
      out.add(cell);
    }
    if (!refs.isEmpty()) {
      body.put("total_cell_count", cells.size());
    }
    final ArrayNode aggs = body.putArray("aggregates");
    aggregates.forEach(aggs::add);
    body.set("cell", cutNode);
    if (!refs.isEmpty()) {
      body.set("levels", levels);
    }
    final ArrayNode attributes = body.putArray("attributes");
    refs.forEach(attributes::add);
    return body;
  }

  private static String function(String aggregate) {
    return aggregate.equals("record_count") ? "count" : aggregate.substring(aggregate.indexOf('_') + 1);
  }

  /** Aggregate values by name; a value that would be None is left out, as the server does. */
  private static ObjectNode values(List<String> aggregates, Slice.Stats stats) {
    final ObjectNode node = MAPPER.createObjectNode();
    for (String a : aggregates) {
      final Object v = stats.value(function(a));
      if (v != null) {
        node.set(a, MAPPER.valueToTree(v));
      }
    }
    return node;
  }

  private ArrayNode facts(Dataset d, Call call) {
    final Slice slice = new Slice();
    cut(d, call, slice);
    final List<String> fields = new ArrayList<>(call.all("fields", ","));
    final Set<String> known = new HashSet<>(List.of("id", "amount"));
    d.dimensions().forEach(dim -> known.addAll(levelRefs(dim)));
    for (String f : fields) {
      if (!known.contains(f)) {
        throw argument("Unknown field '" + f + "'");
      }
    }
    final List<String[]> order = order(call, known);
    final Page page = page(call);
    final List<Entry> entries = Slice.sorted(slice.entries(d), order, SlicerApi::value);
    final ArrayNode list = MAPPER.createArrayNode();
    for (Entry e : Slice.page(entries, page.index(), page.size())) {
      final ObjectNode row = fact(d, e);
      if (!fields.isEmpty()) {
        row.retain(fields);
      }
      list.add(row);
    }
    return list;
  }

  private static Object value(Entry e, String ref) {
    return switch (ref) {
      case "id" -> e.id();
      case "amount" -> e.amount();
      default -> e.values().get(ref);
    };
  }

  private static ObjectNode fact(Dataset d, Entry e) {
    final ObjectNode row = MAPPER.createObjectNode();
    row.put("id", e.id());
    e.values().forEach((k, v) -> row.set(k, MAPPER.valueToTree(v)));
    row.put("amount", e.amount());
    return row;
  }

  private ObjectNode members(Dataset d, String dimension, Call call) {
    final Dimension dim = dimension(d, dimension);
    final Slice slice = new Slice();
    cut(d, call, slice);
    final Page page = page(call);
    final List<String> refs = levelRefs(dim);
    final List<Map<String, Object>> members = Slice.sorted(Slice.cells(slice.entries(d), refs).stream()
        .map(c -> (Map<String, Object>) new LinkedHashMap<>(c.key())).toList(), order(call, new HashSet<>(refs)),
        Map::get);
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("dimension", dim.name());
    body.put("depth", 1);
    body.put("hierarchy", "default");
    final ArrayNode data = body.putArray("data");
    for (Map<String, Object> m : Slice.page(members, page.index(), page.size())) {
      final ObjectNode row = data.addObject();
      m.forEach((k, v) -> row.set(k, MAPPER.valueToTree(v)));
    }
    return body;
  }
}
