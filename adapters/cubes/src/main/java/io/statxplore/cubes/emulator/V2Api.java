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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.statxplore.cubes.emulator.CubesEmulator.MAPPER;

/**
 * OpenSpending v2 (openspending.org until 2015): {@code /api/2/aggregate} (one measure, cuts ORed
 * per attribute and ANDed across, compound dimension values as objects, {@code num_entries}),
 * the REST resources ({@code /datasets.json}, {@code /{dataset}.json}, model, dimensions, members,
 * entries), {@code /api/2/search}, {@code /api/mytax}, {@code /api/2/permissions} and the loading
 * API {@code POST /api/2/new}; errors as {@code {"errors": […]}}.
 */
final class V2Api {
  private static final int DEFAULT_PAGE = 10_000;
  private static final int MEMBER_PAGE = 100;
  /** Income deciles of the tax estimate: income, direct tax, VAT, smoking, alcohol, car, other indirect. */
  private static final double[][] DECILES = {
      {9219, 1172, 1016, 1101, 288, 150, 349}, {13583, 1368, 969, 1085, 310, 167, 289},
      {20432, 2649, 1310, 1016, 333, 402, 392}, {30271, 5132, 1688, 871, 373, 631, 486},
      {41322, 8337, 2073, 768, 425, 812, 582}, {83112, 21418, 2976, 563, 482, 1020, 804}};

  private final CubesEmulator emulator;

  V2Api(CubesEmulator emulator) {
    this.emulator = emulator;
  }

  static ObjectNode errors(String... messages) {
    final ObjectNode body = MAPPER.createObjectNode();
    final ArrayNode list = body.putArray("errors");
    for (String m : messages) {
      list.add(m);
    }
    return body;
  }

  private static Refusal bad(String message) {
    return new Refusal(400, errors(message));
  }

  JsonNode handle(Call call) {
    final List<String> p = call.path();
    if (p.size() >= 2 && p.get(0).equals("api")) {
      final String what = String.join("/", p.subList(1, p.size()));
      return switch (what) {
        case "2/aggregate" -> aggregate(call);
        case "2/search" -> search(call);
        case "mytax" -> mytax(call);
        case "2/permissions" -> permissions(call);
        case "2/new" -> load(call);
        default -> throw new Refusal(404, errors("Not found: /" + String.join("/", p)));
      };
    }
    if (p.size() == 1 && p.get(0).equals("datasets.json")) {
      return datasets();
    }
    if (p.size() == 1 && p.get(0).endsWith(".json")) {
      return meta(dataset(p.get(0).substring(0, p.get(0).length() - 5)));
    }
    if (p.size() >= 2) {
      final Dataset d = dataset(p.get(0));
      if (p.size() == 2 && p.get(1).equals("model.json")) {
        return model(d);
      }
      if (p.size() == 2 && p.get(1).equals("dimensions.json")) {
        final ArrayNode list = MAPPER.createArrayNode();
        d.dimensions().forEach(dim -> list.add(dimension(d, dim)));
        return list;
      }
      if (p.size() == 3 && p.get(1).equals("entries") && p.get(2).endsWith(".json")) {
        final String id = p.get(2).substring(0, p.get(2).length() - 5);
        return d.entries().stream().filter(e -> e.id().equals(id)).findFirst().map(e -> entry(d, e))
            .orElseThrow(() -> new Refusal(404, errors("no entry with id \"" + id + "\"")));
      }
      if (p.size() == 2 && p.get(1).endsWith(".json")) {
        return members(d, dim(d, p.get(1).substring(0, p.get(1).length() - 5)), call);
      }
      if (p.size() == 3 && p.get(2).endsWith(".json")) {
        final Dimension dim = dim(d, p.get(1));
        final String name = p.get(2).substring(0, p.get(2).length() - 5);
        final String key = dim.name() + "." + dim.key();
        return d.entries().stream().filter(e -> String.valueOf(e.values().get(key)).equals(name)).findFirst()
            .map(e -> member(dim, e)).orElseThrow(() -> new Refusal(404, errors("no member \"" + name + "\"")));
      }
    }
    throw new Refusal(404, errors("Not found: /" + String.join("/", p)));
  }

  private Dataset dataset(String name) {
    final Dataset d = name == null ? null : emulator.dataset(name);
    if (d == null) {
      throw bad(name == null ? "dataset name not provided" : "no dataset with name \"" + name + "\"");
    }
    return d;
  }

  private static Dimension dim(Dataset d, String name) {
    final Dimension dim = d.dimension(name);
    if (dim == null) {
      throw new Refusal(404, errors("no dimension with name \"" + name + "\""));
    }
    return dim;
  }

  private ObjectNode datasets() {
    final ObjectNode body = MAPPER.createObjectNode();
    final Map<String, Integer> territories = new LinkedHashMap<>();
    emulator.datasets().values().forEach(d -> d.territories().forEach(t -> territories.merge(t, 1, Integer::sum)));
    final ArrayNode t = body.putArray("territories");
    territories.forEach((code, count) -> {
      final ObjectNode n = t.addObject();
      n.put("count", count);
      n.put("url", "/datasets?territories=" + code);
      n.put("code", code);
      n.put("label", code.equals("GB") ? "United Kingdom" : code);
    });
    final ObjectNode en = body.putArray("languages").addObject();
    en.put("count", emulator.datasets().size());
    en.put("url", "/datasets?languages=en");
    en.put("code", "en");
    en.put("label", "English");
    final ArrayNode list = body.putArray("datasets");
    emulator.datasets().values().forEach(d -> list.add(meta(d)));
    return body;
  }

  private static ObjectNode meta(Dataset d) {
    final ObjectNode n = MAPPER.createObjectNode();
    n.put("name", d.name());
    n.put("label", d.label());
    n.put("description", d.description());
    n.put("currency", d.currency());
    final ArrayNode t = n.putArray("territories");
    d.territories().forEach(t::add);
    return n;
  }

  private static ObjectNode model(Dataset d) {
    final ObjectNode body = MAPPER.createObjectNode();
    body.set("dataset", meta(d));
    final ObjectNode mapping = body.putObject("mapping");
    final ObjectNode amount = mapping.putObject("amount");
    amount.put("type", "measure");
    amount.put("datatype", "float");
    amount.put("label", "Amount");
    amount.put("column", "amount");
    for (Dimension dim : d.dimensions()) {
      mapping.set(dim.name(), dimension(d, dim));
    }
    return body;
  }

  private static ObjectNode dimension(Dataset d, Dimension dim) {
    final ObjectNode n = MAPPER.createObjectNode();
    n.put("name", dim.name());
    n.put("html_url", "http://openspending.org/" + d.name() + "/" + dim.name());
    n.put("label", dim.label());
    n.put("key", dim.name());
    final ObjectNode attrs = n.putObject("attributes");
    for (Attribute a : dim.attributes()) {
      final ObjectNode an = attrs.putObject(a.name());
      an.put("column", dim.name() + "_" + a.name());
      an.put("facet", false);
      an.putNull("constant");
      an.put("datatype", a.datatype());
      an.putNull("end_column");
    }
    n.put("type", dim.attributes().size() > 1 ? "compound" : "attribute");
    n.put("description", dim.description());
    return n;
  }

  private static ObjectNode member(Dimension dim, Entry e) {
    final ObjectNode n = MAPPER.createObjectNode();
    dim.attributes().forEach(a -> n.set(a.name(), MAPPER.valueToTree(e.values().get(dim.ref(a)))));
    return n;
  }

  private static ObjectNode entry(Dataset d, Entry e) {
    final ObjectNode n = MAPPER.createObjectNode();
    n.put("id", e.id());
    final ObjectNode ds = n.putObject("dataset");
    ds.put("name", d.name());
    ds.put("currency", d.currency());
    n.put("amount", e.amount());
    d.dimensions().forEach(dim -> n.set(dim.name(), member(dim, e)));
    return n;
  }

  /** The dimension values of a member listing, {@value #MEMBER_PAGE} per page. */
  private static ObjectNode members(Dataset d, Dimension dim, Call call) {
    final List<Slice.Cell> members = Slice.cells(d.entries(), dim.attributes().stream().map(dim::ref).toList());
    final int page = intParam(call, "page", 1);
    final ObjectNode body = MAPPER.createObjectNode();
    body.set("meta", dimension(d, dim));
    body.put("page", page);
    body.put("pagesize", MEMBER_PAGE);
    body.put("total", members.size());
    final ArrayNode values = body.putArray("values");
    for (Slice.Cell c : Slice.page(members, page - 1L, MEMBER_PAGE)) {
      final ObjectNode m = values.addObject();
      c.key().forEach((k, v) -> m.set(k.substring(k.indexOf('.') + 1), MAPPER.valueToTree(v)));
    }
    return body;
  }

  private static int intParam(Call call, String name, int otherwise) {
    try {
      return call.param(name) == null ? otherwise : Integer.parseInt(call.param(name));
    } catch (NumberFormatException e) {
      throw bad("\"" + name + "\" must be a number");
    }
  }

  /** An attribute reference: {@code dim.attr}, or a dimension standing for its key. */
  private static String ref(Dataset d, String text, String parameter) {
    final int dot = text.indexOf('.');
    final Dimension dim = d.dimension(dot < 0 ? text : text.substring(0, dot));
    final String attr = dot < 0 ? (dim == null ? "" : dim.key()) : text.substring(dot + 1);
    if (dim == null || dim.attributes().stream().noneMatch(a -> a.name().equals(attr))) {
      throw bad("Wrong format for \"" + parameter + "\": no attribute \"" + text + "\"");
    }
    return dim.name() + "." + attr;
  }

  /** A cut or filter: {@code ref:value|…}, the same attribute twice meaning either value. */
  private static Slice slice(Dataset d, String cut, String parameter) {
    final Slice slice = new Slice();
    final Map<String, Set<String>> values = new LinkedHashMap<>();
    if (cut != null && !cut.isEmpty()) {
      for (String part : cut.split("\\|")) {
        final int colon = part.indexOf(':');
        if (colon < 0) {
          throw bad("Wrong format for \"" + parameter + "\": " + part);
        }
        values.computeIfAbsent(ref(d, part.substring(0, colon), parameter), k -> new HashSet<>())
            .add(part.substring(colon + 1));
      }
    }
    values.forEach((ref, allowed) -> slice.cut(e -> allowed.contains(String.valueOf(e.values().get(ref)))));
    return slice;
  }

  private ObjectNode aggregate(Call call) {
    final Dataset d = dataset(call.param("dataset"));
    final String measure = call.param("measure") == null ? "amount" : call.param("measure");
    if (!measure.equals("amount")) {
      throw bad("no measure with name \"" + measure + "\"");
    }
    final Slice slice = slice(d, call.param("cut"), "cut");
    final List<String> refs = new ArrayList<>();
    for (String drill : call.all("drilldown", "\\|")) {
      if (drill.contains(".")) {
        refs.add(ref(d, drill, "drilldown"));
      } else {
        final Dimension dim = d.dimension(drill);
        if (dim == null) {
          throw bad("Wrong format for \"drilldown\": no dimension \"" + drill + "\"");
        }
        dim.attributes().forEach(a -> refs.add(dim.ref(a)));
      }
    }
    final List<String[]> order = new ArrayList<>();
    for (String o : call.all("order", "\\|")) {
      final String[] parts = o.split(":");
      final String dir = parts.length > 1 ? parts[1] : "asc";
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw bad("Order direction can be \"asc\" or \"desc\", not \"" + dir + "\"");
      }
      final String key = parts[0].equals("amount") || parts[0].equals("num_entries") ? parts[0]
          : ref(d, parts[0], "order");
      order.add(new String[] {key, dir});
    }
    final int page = intParam(call, "page", 1);
    final int size = emulator.pageSize(call.param("pagesize") == null ? null : intParam(call, "pagesize", 0),
        DEFAULT_PAGE);
    if (page < 1 || size < 1) {
      throw bad("Invalid aggregation query: page and pagesize must be positive");
    }
    final List<Entry> entries = slice.entries(d);
    final List<Slice.Cell> cells = new ArrayList<>(Slice.cells(entries, refs));
    cells.sort(Slice.order(order.stream().map(o -> o[0]).toList(), order.stream().map(o -> o[1].equals("desc"))
        .toList(), (c, k) -> switch (k) {
          case "amount" -> c.stats().sum();
          case "num_entries" -> c.stats().count();
          default -> c.key().get(k);
        }));
    final ObjectNode body = MAPPER.createObjectNode();
    final ArrayNode drilldown = body.putArray("drilldown");
    for (Slice.Cell c : Slice.page(cells, page - 1L, size)) {
      final ObjectNode cell = drilldown.addObject();
      c.key().forEach((ref, v) -> {
        final String dim = ref.substring(0, ref.indexOf('.'));
        final ObjectNode value = cell.has(dim) ? (ObjectNode) cell.get(dim) : cell.putObject(dim);
        value.set(ref.substring(dim.length() + 1), MAPPER.valueToTree(v));
      });
      cell.put("amount", c.stats().sum());
      cell.put("num_entries", c.stats().count());
    }
    final ObjectNode summary = body.putObject("summary");
    summary.put("amount", Slice.Stats.of(entries).sum());
    summary.put("num_drilldowns", cells.size());
    summary.put("num_entries", entries.size());
    summary.put("page", page);
    summary.put("pagesize", size);
    return body;
  }

  private ObjectNode search(Call call) {
    final List<Dataset> scope = new ArrayList<>();
    for (String name : call.all("dataset", "\\|")) {
      scope.add(dataset(name));
    }
    if (scope.isEmpty()) {
      scope.addAll(emulator.datasets().values());
    }
    final String q = call.param("q") == null ? "" : call.param("q").strip();
    final int page = intParam(call, "page", 1);
    final int size = emulator.pageSize(call.param("pagesize") == null ? null : intParam(call, "pagesize", 0),
        DEFAULT_PAGE);
    final List<ObjectNode> hits = new ArrayList<>();
    final Map<String, Map<String, Integer>> facets = new LinkedHashMap<>();
    final List<String> facetFields = call.all("facet_field", "\\|");
    for (Dataset d : scope) {
      for (String f : facetFields) {
        ref(d, f, "facet_field");
      }
      final Slice slice = slice(d, call.param("filter"), "filter");
      for (Entry e : slice.entries(d)) {
        if (matches(d, e, q)) {
          hits.add(entry(d, e));
          for (String f : facetFields) {
            facets.computeIfAbsent(f, k -> new LinkedHashMap<>())
                .merge(String.valueOf(e.values().get(ref(d, f, "facet_field"))), 1, Integer::sum);
          }
        }
      }
    }
    final ObjectNode body = MAPPER.createObjectNode();
    final ObjectNode stats = body.putObject("stats");
    stats.put("results_count_query", hits.size());
    stats.put("results_count", Slice.page(hits, page - 1L, size).size());
    final ObjectNode facetNode = body.putObject("facets");
    facets.forEach((f, counts) -> {
      final ArrayNode list = facetNode.putArray(f);
      counts.forEach((value, count) -> list.addArray().add(value).add(count));
    });
    final ArrayNode results = body.putArray("results");
    Slice.page(hits, page - 1L, size).forEach(results::add);
    return body;
  }

  /** Every word of {@code q} (or {@code field:value} term) is found in the entry. */
  private static boolean matches(Dataset d, Entry e, String q) {
    for (String term : q.split("\\s+")) {
      if (term.isEmpty()) {
        continue;
      }
      final int colon = term.indexOf(':');
      if (colon > 0) {
        if (!String.valueOf(e.values().get(ref(d, term.substring(0, colon), "q")))
            .equalsIgnoreCase(term.substring(colon + 1))) {
          return false;
        }
        continue;
      }
      final String word = term.toLowerCase(Locale.ROOT);
      if (e.values().values().stream().noneMatch(v -> String.valueOf(v).toLowerCase(Locale.ROOT).contains(word))) {
        return false;
      }
    }
    return true;
  }

  /** The tax estimate, interpolated between the two income deciles around {@code income}. */
  private static ObjectNode mytax(Call call) {
    final double income;
    try {
      income = Double.parseDouble(call.param("income"));
    } catch (NullPointerException | NumberFormatException e) {
      throw bad("income is required and must be a number");
    }
    int i = 0;
    while (i < DECILES.length - 2 && income > DECILES[i + 1][0]) {
      i++;
    }
    final double[] lo = DECILES[i];
    final double[] hi = DECILES[i + 1];
    final double t = (income - lo[0]) / (hi[0] - lo[0]);
    final double[] est = new double[lo.length];
    for (int k = 1; k < lo.length; k++) {
      est[k] = (lo[k] + t * (hi[k] - lo[k])) * income / (lo[0] + t * (hi[0] - lo[0]));
    }
    final boolean smoker = !"no".equals(call.param("smoker"));
    final boolean drinker = !"no".equals(call.param("drinker"));
    final boolean driver = !"no".equals(call.param("driver"));
    final double smoking = smoker ? est[3] : 0;
    final double alcohol = drinker ? est[4] : 0;
    final double car = driver ? est[5] : 0;
    final double vat = call.param("spending") == null ? est[2]
        : Double.parseDouble(call.param("spending")) * 0.175 * 0.6;
    final double indirect = vat + smoking + alcohol + car + est[6];
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("alcohol_tax", alcohol);
    body.putArray("explanation").add(String.format(Locale.ROOT, "This household income falls between national"
        + " average income decile %d (which has average gross household income of %.2f) and decile %d (which has"
        + " average gross household income of %.2f).", i + 1, lo[0], i + 2, hi[0]))
        .add(String.format(Locale.ROOT, "Therefore, a household with an income of %.2f pays approximately %.2f"
            + " in direct tax and %.2f in total indirect tax.", income, est[1], indirect));
    body.put("tax", est[1] + indirect);
    body.put("tobacco_tax", smoking);
    body.put("car_related_tax", car);
    body.put("total_direct_tax", est[1]);
    body.put("vat", vat);
    body.put("total_indirect_tax", indirect);
    return body;
  }

  /** The caller's rights: the owner's key may do anything; anyone may read. */
  private ObjectNode permissions(Call call) {
    dataset(call.param("dataset"));
    final boolean owner = emulator.isOwner(call.authorization());
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("create", owner);
    body.put("read", true);
    body.put("update", owner);
    body.put("delete", owner);
    return body;
  }

  /** The loading API: POST with the owner's key, {@code csv_file} and {@code metadata} URLs. */
  private ObjectNode load(Call call) {
    if (!call.method().equals("POST")) {
      throw new Refusal(405, errors("The loading API takes POST"));
    }
    if (!emulator.isOwner(call.authorization())) {
      throw new Refusal(403, errors("You are not authorized to load datasets; send your API key"));
    }
    final String csv = call.param("csv_file");
    final String metadata = call.param("metadata");
    final String bdp = call.param("budget_data_package");
    if ((csv == null || metadata == null) && bdp == null) {
      throw bad("csv_file and metadata (or budget_data_package) are required");
    }
    final Map<String, String> load = new LinkedHashMap<>();
    if (bdp != null) {
      load.put("budget_data_package", bdp);
    } else {
      load.put("csv_file", csv);
      load.put("metadata", metadata);
    }
    load.put("private", call.param("private") == null ? "false" : call.param("private"));
    emulator.recordLoad(load);
    final ObjectNode body = MAPPER.createObjectNode();
    body.put("status", "ok");
    body.put("message", "Loading has been scheduled");
    return body;
  }
}
