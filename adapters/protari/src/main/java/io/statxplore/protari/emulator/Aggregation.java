package io.statxplore.protari.emulator;

import io.statxplore.protari.emulator.Dataset.FieldRef;
import io.statxplore.protari.emulator.Dataset.Unit;
import io.statxplore.protari.emulator.Field.Value;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One {@code /aggregation} query of the emulator: parsed and checked against the dataset's
 * limits as the API does ({@code group_by} with custom groups, {@code where} with values,
 * parents, ranges aligned with the allowed intervals and {@code ;} alternatives,
 * {@code function}, {@code totals}), then answered from the records with record-key
 * perturbation: a cell's figure depends only on the set of records in it.
 */
final class Aggregation {
  /** At most this many alternatives per condition. */
  static final int MAX_VALUES_PER_CONDITION = 60;
  static final int MAX_CUSTOM_GROUPS = 100;
  static final int MAX_CUSTOM_GROUP_LENGTH = 1000;
  private static final Pattern CONDITION = Pattern.compile("([A-Za-z0-9_.]+)(>=|<=|=)(.*)", Pattern.DOTALL);
  private static final int[] NOISE = {-2, -1, -1, 0, 0, 0, 1, 1, 2};

  /** A {@code where} condition: the leaves it keeps, from {@code alternatives} values or ranges. */
  record Condition(FieldRef ref, String spec, Set<String> leaves, int alternatives) { }

  /** An output group of a grouped field: its name and leaves. */
  record Group(String name, Set<String> leaves) { }

  /** A {@code group_by} field and the groups it outputs. */
  record Grouping(FieldRef ref, String spec, List<Group> groups, boolean custom) { }

  /** A {@code function}: {@code count}, {@code sum} or {@code mean}, with its field if any. */
  record Function(String name, @Nullable FieldRef field) {
    String asString() {
      return field == null ? name : name + " " + field.path();
    }

    String title() {
      return "perturbed " + name + (field == null ? "" : " of " + field.path());
    }
  }

  private final Dataset dataset;
  private final List<Grouping> groupings = new ArrayList<>();
  private final List<Condition> conditions = new ArrayList<>();
  private final List<Function> functions = new ArrayList<>();
  private final boolean totals;

  private Aggregation(Dataset dataset, boolean totals) {
    this.dataset = dataset;
    this.totals = totals;
  }

  /** Parses and checks a query; throws {@link QueryError} as the API answers a bad one. */
  static Aggregation parse(Dataset dataset, Map<String, String> params) {
    final String totalsText = params.getOrDefault("totals", "false");
    if (!totalsText.equals("true") && !totalsText.equals("false")) {
      throw QueryError.invalid("totals must be true or false, not " + totalsText + ".");
    }
    final Aggregation a = new Aggregation(dataset, totalsText.equals("true"));
    final String where = params.getOrDefault("where", "");
    for (String c : where.isEmpty() ? List.<String>of() : List.of(where.split(",", -1))) {
      a.conditions.add(a.condition(c));
    }
    final String groupBy = params.getOrDefault("group_by", "");
    for (String g : groupBy.isEmpty() ? List.<String>of() : List.of(groupBy.split(",", -1))) {
      a.groupings.add(a.grouping(g));
    }
    for (Field f : dataset.main().fields()) {
      if (f.longitudinal && a.groupings.stream().noneMatch(g -> g.ref().field() == f)) {
        a.groupings.add(a.grouping(f.name));
      }
    }
    final String function = params.getOrDefault("function", "count");
    for (String f : function.split(",", -1)) {
      a.functions.add(a.function(f.trim()));
    }
    a.functions.sort((x, y) -> x.asString().compareTo(y.asString()));
    a.check();
    return a;
  }

  private FieldRef field(String path) {
    final FieldRef ref = dataset.resolve(path);
    if (ref == null) {
      throw QueryError.invalid("Unknown field " + path + ".");
    }
    return ref;
  }

  private Condition condition(String text) {
    final Matcher m = CONDITION.matcher(text);
    if (!m.matches()) {
      throw QueryError.invalid("Cannot parse condition " + text + ".");
    }
    final FieldRef ref = field(m.group(1));
    final String spec = m.group(2).equals("=") ? m.group(3) : m.group(2) + m.group(3);
    final Set<String> leaves = new LinkedHashSet<>();
    int alternatives = 0;
    for (String part : spec.split(";", -1)) {
      final List<String> found = values(ref.field(), part);
      leaves.addAll(found);
      alternatives += ref.field().byName.containsKey(part) ? 1 : found.size();
    }
    if (spec.split(";", -1).length > MAX_VALUES_PER_CONDITION) {
      throw QueryError.invalid("At most " + MAX_VALUES_PER_CONDITION + " values are allowed in each condition; "
          + ref.path() + " has " + spec.split(";", -1).length + ".");
    }
    return new Condition(ref, spec, leaves, alternatives);
  }

  private Grouping grouping(String text) {
    final String[] parts = text.split(":", -1);
    final FieldRef ref = field(parts[0]);
    final Set<String> allowed = new LinkedHashSet<>();
    ref.field().leaves.forEach(v -> allowed.add(v.name()));
    conditions.stream().filter(c -> c.ref().path().equals(ref.path())).forEach(c -> allowed.retainAll(c.leaves()));
    final List<Group> groups = new ArrayList<>();
    if (parts.length == 1) {
      allowed.forEach(leaf -> groups.add(new Group(leaf, Set.of(leaf))));
      return new Grouping(ref, text, groups, false);
    }
    if (!dataset.disjunctions) {
      throw QueryError.invalid("Custom groups are not allowed on dataset " + dataset.name + ".");
    }
    if (parts.length - 1 > MAX_CUSTOM_GROUPS) {
      throw QueryError.invalid("At most " + MAX_CUSTOM_GROUPS + " custom groups are allowed; " + ref.path() + " has "
          + (parts.length - 1) + ".");
    }
    final Set<String> used = new LinkedHashSet<>();
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].length() > MAX_CUSTOM_GROUP_LENGTH) {
        throw QueryError.invalid("Custom groups may be at most " + MAX_CUSTOM_GROUP_LENGTH + " characters long.");
      }
      final Set<String> leaves = new LinkedHashSet<>();
      for (String part : parts[i].split(";", -1)) {
        leaves.addAll(values(ref.field(), part));
      }
      if (!Collections.disjoint(used, leaves)) {
        throw QueryError.invalid("Custom groups on " + ref.path() + " overlap.");
      }
      used.addAll(leaves);
      leaves.retainAll(allowed);
      groups.add(new Group(parts[i], leaves));
    }
    final Set<String> other = new LinkedHashSet<>(allowed);
    other.removeAll(used);
    groups.add(new Group("other", other));
    return new Grouping(ref, text, groups, true);
  }

  private Function function(String text) {
    final String[] parts = text.split(" ", 2);
    final String name = parts[0];
    if (!List.of("count", "sum", "mean").contains(name)) {
      throw QueryError.invalid("Unknown function " + name + ".");
    }
    if (parts.length == 1) {
      if (!name.equals("count")) {
        throw QueryError.invalid("Function " + name + " requires a field.");
      }
      return new Function(name, null);
    }
    final FieldRef ref = field(parts[1].trim());
    if (!ref.isMain()) {
      throw QueryError.invalid("Cannot aggregate on quantities from " + String.join(".", ref.relationships()) + ".");
    }
    if (!name.equals("count") && !ref.field().numeric) {
      throw QueryError.invalid("Field " + ref.path() + " does not have numeric data.");
    }
    return new Function(name, ref);
  }

  /** The dataset's limits, checked before any record is read. */
  private void check() {
    if (functions.size() > dataset.maxFunctions) {
      throw QueryError.invalid("At most " + dataset.maxFunctions + " function" + (dataset.maxFunctions == 1 ? " is"
          : "s are") + " allowed; the query has " + functions.size() + ".");
    }
    final Set<String> paths = new TreeSet<>();
    groupings.stream().filter(g -> !g.ref().field().longitudinal).forEach(g -> paths.add(g.ref().path()));
    conditions.stream().filter(c -> !c.ref().field().longitudinal).forEach(c -> paths.add(c.ref().path()));
    for (Dataset.ExclusionRule rule : dataset.exclusions) {
      final List<String> counted = paths.stream().filter(p -> rule.fields().isEmpty() || rule.fields().contains(p))
          .toList();
      if (counted.size() > rule.limit()) {
        throw QueryError.invalid(rule.fields().isEmpty()
            ? "The query uses " + counted.size() + " fields (" + String.join(", ", counted) + "); at most "
              + rule.limit() + " are allowed."
            : "The query uses " + counted.size() + " of the fields " + String.join(", ", rule.fields()) + "; at most "
              + rule.limit() + " of them are allowed together.");
      }
    }
    if (!dataset.disjunctions) {
      for (Condition c : conditions) {
        final boolean grouped = groupings.stream().anyMatch(g -> g.ref().path().equals(c.ref().path()));
        if (c.alternatives() > 1 && !grouped) {
          throw QueryError.invalid("Multiple values for " + c.ref().path() + " are only allowed when grouping by "
              + c.ref().path() + ".");
        }
      }
    }
    final long rows = rowCount();
    if (rows > dataset.maxOutput) {
      throw QueryError.invalid("The query would return " + rows + " values, more than the maximum of "
          + dataset.maxOutput + ".");
    }
  }

  private long rowCount() {
    long rows = 0;
    for (List<Boolean> kept : combinations()) {
      long n = 1;
      for (int i = 0; i < groupings.size(); i++) {
        n *= kept.get(i) ? groupings.get(i).groups().size() : 1;
      }
      rows += n;
    }
    return rows;
  }

  /** Which groupings each block of rows keeps: all, then (with totals) every subset, larger first. */
  private List<List<Boolean>> combinations() {
    final List<Integer> totalled = new ArrayList<>();
    for (int i = 0; i < groupings.size(); i++) {
      if (!groupings.get(i).ref().field().longitudinal) {
        totalled.add(i);
      }
    }
    final List<List<Boolean>> out = new ArrayList<>();
    final int sets = totals ? 1 << totalled.size() : 1;
    final List<Integer> masks = new ArrayList<>();
    for (int mask = 0; mask < sets; mask++) {
      masks.add(mask);
    }
    masks.sort((x, y) -> Integer.compare(Integer.bitCount(x), Integer.bitCount(y)));
    for (int mask : masks) {
      final List<Boolean> kept = new ArrayList<>(Collections.nCopies(groupings.size(), true));
      for (int b = 0; b < totalled.size(); b++) {
        if ((mask & (1 << b)) != 0) {
          kept.set(totalled.get(b), false);
        }
      }
      out.add(kept);
    }
    return out;
  }

  /** The answer's rows: the group names (null where totalled), then each function's figure. */
  List<List<Object>> rows() {
    final List<Unit> selected = dataset.units.stream().filter(u -> conditions.stream()
        .allMatch(c -> !Collections.disjoint(Dataset.buckets(u, c.ref()), c.leaves()))).toList();
    final List<List<Object>> out = new ArrayList<>();
    for (List<Boolean> kept : combinations()) {
      cells(selected, kept, 0, new ArrayList<>(), out);
    }
    return out;
  }

  private void cells(List<Unit> units, List<Boolean> kept, int depth, List<Object> keys, List<List<Object>> out) {
    if (depth == groupings.size()) {
      final List<Object> row = new ArrayList<>(keys);
      functions.forEach(f -> row.add(figure(f, units)));
      out.add(row);
      return;
    }
    if (!kept.get(depth)) {
      keys.add(null);
      cells(units, kept, depth + 1, keys, out);
      keys.remove(keys.size() - 1);
      return;
    }
    final Grouping g = groupings.get(depth);
    for (Group group : g.groups()) {
      final List<Unit> in = units.stream()
          .filter(u -> !Collections.disjoint(Dataset.buckets(u, g.ref()), group.leaves())).toList();
      keys.add(group.name());
      cells(in, kept, depth + 1, keys, out);
      keys.remove(keys.size() - 1);
    }
  }

  /** A function's perturbed figure over {@code units}; sums and means of a zero count are suppressed. */
  private @Nullable Number figure(Function f, List<Unit> units) {
    final List<Unit> counted = units.stream().filter(u -> functions.size() == 1 ? valid(f, u)
        : functions.stream().allMatch(other -> valid(other, u))).toList();
    final long key = counted.stream().mapToLong(u -> u.key).sum();
    final long count = perturb(counted.size(), key);
    if (f.name().equals("count")) {
      return count;
    }
    if (count == 0) {
      return null;
    }
    final double sum = counted.stream().mapToDouble(u -> u.numbers.get(f.field().field().name)).sum();
    final double noise = NOISE[(int) Long.remainderUnsigned(mix(key + f.asString().hashCode()), NOISE.length)];
    final double figure = f.name().equals("sum") ? sum * (1 + noise / 50) : sum / counted.size() * (1 + noise / 200);
    return BigDecimal.valueOf(figure).setScale(2, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }

  /** Whether a unit has a valid value of the function's field (not a sentinel, not null). */
  private static boolean valid(Function f, Unit u) {
    if (f.field() == null) {
      return true;
    }
    final Field field = f.field().field();
    if (!f.name().equals("count")) {
      return u.numbers.containsKey(field.name);
    }
    final Value v = field.byName.get(u.buckets.get(field.name));
    return v != null && !v.sentinel();
  }

  private long perturb(long count, long key) {
    if (count == 0) {
      return 0;
    }
    if (dataset.noise == Dataset.Noise.LAPLACE) {
      final double u = new Random(mix(key)).nextDouble() - 0.5;
      return Math.max(0, Math.round(count - 2 * Math.signum(u) * Math.log(1 - 2 * Math.abs(u))));
    }
    return Math.max(0, count + NOISE[(int) Long.remainderUnsigned(mix(key), NOISE.length)]);
  }

  private static long mix(long key) {
    long z = key * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 31);
  }

  /** The answer in the API's JSON shape, without its header. */
  ObjectNode json() {
    final ObjectNode o = JsonNodeFactory.instance.objectNode();
    final ArrayNode fields = o.putArray("fields");
    for (Grouping g : groupings) {
      final ObjectNode f = fields.addObject();
      f.put("as_string", g.spec());
      if (g.custom()) {
        final ObjectNode custom = f.putObject("custom_groups");
        custom.putObject("else").put("name", "other");
        final ArrayNode list = custom.putArray("groups");
        for (Group group : g.groups().subList(0, g.groups().size() - 1)) {
          final ObjectNode entry = list.addObject();
          entry.put("name", group.name());
          final ArrayNode values = entry.putArray("values");
          group.leaves().forEach(leaf -> values.addObject().put("as_string", leaf));
        }
      }
      if (g.ref().field().longitudinal) {
        f.put("is_longitudinal", true);
      }
      f.put("name", g.ref().path());
      f.put("title", g.ref().field().title);
    }
    for (Function fn : functions) {
      final ObjectNode f = fields.addObject();
      f.put("as_string", fn.title());
      f.putObject("function").put("name", fn.name());
      f.put("is_perturbed", true);
      f.put("is_result", true);
      f.put("name", fn.title());
      f.put("title", fn.title());
    }
    o.set("query", query());
    final ArrayNode values = o.putArray("values");
    for (List<Object> row : rows()) {
      final ArrayNode r = values.addArray();
      for (Object v : row) {
        if (v == null) {
          r.addNull();
        } else if (v instanceof String s) {
          r.add(s);
        } else if (v instanceof Long l) {
          r.add(l);
        } else {
          r.add((Double) v);
        }
      }
    }
    return o;
  }

  private ObjectNode query() {
    final ObjectNode q = JsonNodeFactory.instance.objectNode();
    final List<String> asString = new ArrayList<>();
    final List<Grouping> asked = groupings.stream().filter(g -> !g.ref().field().longitudinal
        || conditions.stream().anyMatch(c -> c.ref() == g.ref())).toList();
    if (!asked.isEmpty()) {
      asString.add("group_by=" + asked.stream().map(Grouping::spec).collect(Collectors.joining(",")));
    }
    asString.add("function=" + functions.stream().map(Function::asString).collect(Collectors.joining(",")));
    if (!conditions.isEmpty()) {
      asString.add("where=" + conditions.stream().map(c -> c.ref().path() + "=" + c.spec())
          .collect(Collectors.joining(",")));
    }
    if (totals) {
      asString.add("totals=true");
    }
    q.put("as_string", String.join("&", asString));
    final ArrayNode resources = q.putObject("dataset").putArray("resources");
    resources.add(dataset.main().summary());
    final ArrayNode fs = q.putArray("function");
    for (Function fn : functions) {
      final ObjectNode f = fs.addObject();
      f.put("as_string", fn.asString());
      if (fn.field() != null) {
        final ObjectNode p = f.putArray("parameters").addObject();
        p.put("as_string", fn.field().path());
        final ArrayNode excluded = p.putObject("condition_values").putArray("not_equals");
        fn.field().field().leaves.stream().filter(Value::sentinel).forEach(v -> excluded.addObject()
            .put("as_string", v.name()));
        p.put("name", fn.field().path());
        p.put("title", fn.field().field().title);
      }
      f.putObject("type").put("name", fn.name());
    }
    if (!conditions.isEmpty()) {
      final ArrayNode where = q.putArray("where");
      for (Condition c : conditions) {
        final ObjectNode w = where.addObject();
        w.put("as_string", c.ref().path() + "=" + c.spec());
        final ArrayNode equals = w.putObject("condition_values").putArray("equals");
        c.leaves().forEach(leaf -> equals.addObject().put("as_string", leaf));
        w.put("name", c.ref().path());
        w.put("title", c.ref().field().title);
        final ArrayNode received = w.putObject("values_as_received").putArray("equals");
        for (String part : c.spec().split(";", -1)) {
          received.addObject().put("as_string", part);
        }
      }
    }
    return q;
  }

  /** The answer as {@code /csv}: a header of field names, then the rows; no totals. */
  String csv() {
    if (totals) {
      throw QueryError.invalid("Totals are only available in the json format.");
    }
    final StringBuilder out = new StringBuilder();
    final List<String> header = new ArrayList<>();
    groupings.forEach(g -> header.add(g.ref().field().name));
    functions.forEach(f -> header.add(f.title()));
    out.append(header.stream().map(Aggregation::csvField).collect(Collectors.joining(","))).append("\r\n");
    for (List<Object> row : rows()) {
      out.append(row.stream().map(v -> v == null ? "" : csvField(v.toString())).collect(Collectors.joining(",")))
          .append("\r\n");
    }
    return out.toString();
  }

  private static String csvField(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  // ---- values, parents and ranges ----

  /** The leaves one alternative of a condition or group names: a value, a parent, or a range. */
  private static List<String> values(Field f, String part) {
    final Value v = f.byName.get(part);
    if (v != null) {
      return f.leavesOf(v);
    }
    if (f.ranges) {
      final int dash = f.isDate() ? part.indexOf('/') : part.indexOf('-', 1);
      if (part.startsWith(">=")) {
        return range(f, bound(f, part.substring(2)), null);
      } else if (part.startsWith("<=")) {
        return range(f, null, bound(f, part.substring(2)));
      } else if (dash > 0) {
        return range(f, bound(f, part.substring(0, dash)), bound(f, part.substring(dash + 1)));
      }
    } else if (f.type.equals("integer") && part.matches("\\d+-\\d+")) {
      final long from = Long.parseLong(part.substring(0, part.indexOf('-')));
      final long to = Long.parseLong(part.substring(part.indexOf('-') + 1));
      return f.leaves.stream().map(Value::name).filter(n -> n.matches("\\d+"))
          .filter(n -> Long.parseLong(n) >= from && Long.parseLong(n) <= to).toList();
    }
    throw QueryError.invalid("Unknown value " + part + " for field " + f.name + ".");
  }

  private static Comparable<?> bound(Field f, String text) {
    try {
      if (f.isDate()) {
        LocalDate.parse(text);
        return text;
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw QueryError.invalid("Cannot read " + text + " as a bound of field " + f.name + ".");
    }
  }

  /** The intervals from {@code low} to {@code high}, which must be bounds of the field's intervals. */
  private static List<String> range(Field f, @Nullable Comparable<?> low, @Nullable Comparable<?> high) {
    aligned(f, low, "Lower", Value::minimum);
    aligned(f, high, "Upper", Value::maximum);
    return f.leaves.stream().filter(Value::isRange)
        .filter(v -> low == null || v.minimum() != null && compare(v.minimum(), low) >= 0)
        .filter(v -> high == null || v.maximum() != null && compare(v.maximum(), high) <= 0)
        .map(Value::name).toList();
  }

  private static void aligned(Field f, @Nullable Comparable<?> bound, String which,
      java.util.function.Function<Value, @Nullable Comparable<?>> side) {
    if (bound == null) {
      return;
    }
    final List<Comparable<?>> bounds = f.leaves.stream().map(side).filter(b -> b != null)
        .<Comparable<?>>map(b -> b).sorted(Aggregation::compare).toList();
    if (bounds.stream().anyMatch(b -> compare(b, bound) == 0)) {
      return;
    }
    final List<String> tries = new ArrayList<>();
    bounds.stream().filter(b -> compare(b, bound) < 0).reduce((a, b) -> b).ifPresent(b -> tries.add(text(b)));
    bounds.stream().filter(b -> compare(b, bound) > 0).findFirst().ifPresent(b -> tries.add(text(b)));
    throw new QueryError(400, "", null, which + " bound " + text(bound) + " not allowed - try "
        + String.join(" or ", tries) + " instead.");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Comparable a, Comparable b) {
    return a.compareTo(b);
  }

  private static String text(Comparable<?> bound) {
    return bound instanceof Double d ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : bound.toString();
  }
}
