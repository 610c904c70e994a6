package io.statxplore.superstar.sql;

import io.statxplore.superstar.sql.EmulatorSchema.Dim;
import io.statxplore.superstar.sql.EmulatorSchema.Field;
import io.statxplore.superstar.sql.EmulatorSchema.Statistic;
import io.statxplore.superstar.sql.EmulatorSchema.Table;
import io.statxplore.superstar.sql.EmulatorSchema.Value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One aggregate query over a SuperSTAR table, written both as SQL and as the equivalent
 * {@code /table} query, with the rows the SQL must give computed from that query's answer.
 *
 * @param groupBy the grouped columns; none for a grand total without GROUP BY
 * @param sets for {@link Grouping#SETS}, the grouping sets; otherwise unused
 * @param shown the grouped columns in the select list, in order
 * @param groupingOf the arguments of a {@code GROUPING(…)} column in the select list; none for no such column
 * @param upperCase whether the SQL spells table and column names in upper case (they are case-insensitive)
 */
public record GeneratedQuery(Table table, List<Column> groupBy, Grouping grouping, List<List<Column>> sets,
    List<Filter> filters, List<Statistic> aggregates, List<Column> shown, List<Column> groupingOf,
    boolean upperCase) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 20_240_607L;

  /** {@code MIXED} is {@code GROUP BY a, ROLLUP(b, …)}: the first column is never rolled up. */
  enum Grouping { PLAIN, ROLLUP, CUBE, SETS, MIXED }

  enum Op { EQ, IN, NE, NOT_IN, OR }

  /** The label or the code column of a dimension. */
  record Column(Dim dim, boolean code) {
    String name() {
      return code ? dim.codeColumn() : dim.column();
    }

    String literal(Value v) {
      return "'" + (code ? v.code() : v.label()).replace("'", "''") + "'";
    }
  }

  /**
   * A condition on one dimension. {@code columns} has one column, or for {@link Op#OR} one per
   * value (label and code columns of the same dimension may mix).
   */
  record Filter(Op op, List<Column> columns, List<Value> values) {
    Dim dim() {
      return columns.get(0).dim();
    }

    /** The values of the dimension the condition keeps. */
    Set<Value> keeps() {
      final Set<Value> out = new LinkedHashSet<>(dim().valueSet().values());
      switch (op) {
      case NE, NOT_IN -> out.removeAll(values);
      default -> out.retainAll(values);
      }
      return out;
    }

    String sql(UnaryOperator<String> id) {
      final Column c = columns.get(0);
      final String list = values.stream().map(c::literal).collect(Collectors.joining(", "));
      return switch (op) {
      case EQ -> id.apply(c.name()) + " = " + c.literal(values.get(0));
      case NE -> id.apply(c.name()) + " <> " + c.literal(values.get(0));
      case IN -> id.apply(c.name()) + " IN (" + list + ")";
      case NOT_IN -> id.apply(c.name()) + " NOT IN (" + list + ")";
      case OR -> {
        final List<String> terms = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
          terms.add(id.apply(columns.get(i).name()) + " = " + columns.get(i).literal(values.get(i)));
        }
        yield "(" + String.join(" OR ", terms) + ")";
      }
      };
    }
  }

  public String sql() {
    final UnaryOperator<String> id = name -> upperCase ? name.toUpperCase(Locale.ROOT) : name;
    final List<String> select = new ArrayList<>();
    shown.forEach(c -> select.add(id.apply(c.name())));
    if (!groupingOf.isEmpty()) {
      select.add("GROUPING(" + names(groupingOf, id) + ")");
    }
    aggregates.forEach(s -> select.add(("MEAN".equals(s.function()) ? "AVG(" : "SUM(") + id.apply(s.column()) + ")"));
    final StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select))
        .append(" FROM ").append(id.apply(table.id()));
    if (!filters.isEmpty()) {
      sql.append(" WHERE ").append(filters.stream().map(f -> f.sql(id)).collect(Collectors.joining(" AND ")));
    }
    if (groupBy.isEmpty()) {
      return sql.toString();
    }
    final String columns = names(groupBy, id);
    sql.append(" GROUP BY ").append(switch (grouping) {
    case PLAIN -> columns;
    case ROLLUP -> "ROLLUP(" + columns + ")";
    case CUBE -> "CUBE(" + columns + ")";
    case SETS -> "GROUPING SETS ("
        + sets.stream().map(s -> "(" + names(s, id) + ")").collect(Collectors.joining(", ")) + ")";
    case MIXED -> id.apply(groupBy.get(0).name()) + ", ROLLUP(" + names(groupBy.subList(1, groupBy.size()), id) + ")";
    });
    return sql.toString();
  }

  private static String names(List<Column> columns, UnaryOperator<String> id) {
    return columns.stream().map(c -> id.apply(c.name())).collect(Collectors.joining(", "));
  }

  /** The grouped dimensions, in order of first appearance. */
  List<Dim> grouped() {
    return groupBy.stream().map(Column::dim).distinct().toList();
  }

  /** The values each dimension keeps after all filters on it; null where it has none. */
  Set<Value> kept(Dim dim) {
    Set<Value> kept = null;
    for (Filter f : filters) {
      if (f.dim().equals(dim)) {
        if (kept == null) {
          kept = f.keeps();
        } else {
          kept.retainAll(f.keeps());
        }
      }
    }
    return kept;
  }

  /** Filtered dimensions that are not grouped: each becomes one group of its kept values. */
  private List<Dim> filteredOnly() {
    return filters.stream().map(Filter::dim).distinct().filter(d -> !grouped().contains(d)).toList();
  }

  /**
   * The {@code /table} query that computes this SQL's cells: grouped dimensions with their kept
   * values and Totals where some grouping set rolls them up; each other filtered dimension as one
   * group; with neither, one group of all values of the first field (the grand total).
   */
  JsonNode tableQuery() {
    final ObjectNode query = JSON.createObjectNode().put("database", "str:database:" + table.id());
    final ArrayNode measures = query.putArray("measures");
    aggregates.forEach(s -> measures.add(s.uri()));
    final ObjectNode recodes = query.putObject("recodes");
    final ArrayNode dimensions = query.putArray("dimensions");
    for (Dim d : grouped()) {
      final Set<Value> kept = kept(d);
      final boolean total = groupingSets().stream().anyMatch(s -> !dims(s).contains(d));
      if (kept != null || total) {
        final ObjectNode recode = recodes.putObject(d.uri());
        if (kept != null) {
          final ArrayNode map = recode.putArray("map");
          kept.forEach(v -> map.addArray().add(v.uri()));
        }
        recode.put("total", total);
      }
      dimensions.addArray().add(d.uri());
    }
    final List<Dim> groups = new ArrayList<>(filteredOnly());
    if (groups.isEmpty() && grouped().isEmpty()) {
      final EmulatorSchema.Field first = table.fields().get(0);
      groups.add(new Dim(first, first.valueSets().get(0)));
    }
    for (Dim d : groups) {
      final ArrayNode group = recodes.putObject(d.uri()).putArray("map").addArray();
      (kept(d) == null ? d.valueSet().values() : kept(d)).forEach(v -> group.add(v.uri()));
      dimensions.addArray().add(d.uri());
    }
    return query;
  }

  /** The grouping sets, as sets of grouped columns. */
  List<List<Column>> groupingSets() {
    final List<List<Column>> out = new ArrayList<>();
    switch (grouping) {
    case PLAIN -> out.add(groupBy);
    case ROLLUP, MIXED -> {
      for (int n = groupBy.size(); n >= (grouping == Grouping.MIXED ? 1 : 0); n--) {
        out.add(groupBy.subList(0, n));
      }
    }
    case CUBE -> {
      for (int mask = 0; mask < 1 << groupBy.size(); mask++) {
        final List<Column> set = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
          if ((mask & 1 << i) != 0) {
            set.add(groupBy.get(i));
          }
        }
        out.add(set);
      }
    }
    case SETS -> out.addAll(sets);
    }
    return out;
  }

  /** The dimensions a grouping set groups by: those with at least one of their columns in it. */
  private static Set<Dim> dims(List<Column> set) {
    return set.stream().map(Column::dim).collect(Collectors.toSet());
  }

  /**
   * The rows the SQL must return, read from {@code answer} (the server's answer to
   * {@link #tableQuery()}): per grouping set, the cells whose rolled-up dimensions are at their
   * Total item, with NULL in the rolled-up columns. Numbers are doubles.
   */
  List<List<Object>> expectedRows(JsonNode answer) {
    final List<Dim> grouped = grouped();
    final JsonNode fields = answer.get("fields");
    final List<List<Object>> rows = new ArrayList<>();
    for (List<Column> set : groupingSets()) {
      final Set<Dim> dims = dims(set);
      final int[] at = new int[fields.size()];
      while (true) {
        boolean inSet = true;
        for (int d = 0; d < grouped.size(); d++) {
          final boolean total = "Total".equals(fields.get(d).get("items").get(at[d]).get("type").asText());
          inSet &= total != dims.contains(grouped.get(d));
        }
        if (inSet) {
          rows.add(row(answer, set, at));
        }
        int d = at.length - 1;
        while (d >= 0 && ++at[d] == fields.get(d).get("items").size()) {
          at[d--] = 0;
        }
        if (d < 0) {
          break;
        }
      }
    }
    return rows;
  }

  /** A row: NULL in the columns the set rolls up; {@code GROUPING} has a 1 bit for each of them. */
  private List<Object> row(JsonNode answer, List<Column> set, int[] at) {
    final List<Dim> grouped = grouped();
    final List<Object> row = new ArrayList<>();
    for (Column c : shown) {
      final int d = grouped.indexOf(c.dim());
      final JsonNode item = answer.get("fields").get(d).get("items").get(at[d]);
      if (!set.contains(c)) {
        row.add(null);
      } else if (c.code()) {
        final String uri = item.get("uris").get(0).asText();
        row.add(uri.substring(uri.lastIndexOf(':') + 1));
      } else {
        row.add(item.get("labels").get(0).asText());
      }
    }
    if (!groupingOf.isEmpty()) {
      long bits = 0;
      for (Column c : groupingOf) {
        bits = bits << 1 | (set.contains(c) ? 0 : 1);
      }
      row.add((double) bits);
    }
    for (Statistic s : aggregates) {
      JsonNode cell = answer.get("cubes").get(s.uri()).get("values");
      for (int i : at) {
        cell = cell.get(i);
      }
      row.add(cell.isNull() ? null : cell.asDouble());
    }
    return row;
  }

  /** A row as the comparison sees it: numbers as doubles. */
  static List<Object> normalize(List<Object> row) {
    return Arrays.asList(row.stream().map(v -> v instanceof Number n ? (Object) n.doubleValue() : v).toArray());
  }

  /**
   * The differential test's query set, which the benchmarks measure too: 60 queries drawn from a
   * fixed seed over the emulator's tables, none asking for more than 20,000 cells (Totals included).
   */
  public static List<GeneratedQuery> differentialSet(EmulatorSchema schema) {
    return draw(schema, 60, 20_000);
  }

  private static List<GeneratedQuery> draw(EmulatorSchema schema, int count, long maxCells) {
    final Random random = new Random(SEED);
    final List<GeneratedQuery> queries = new ArrayList<>();
    while (queries.size() < count) {
      final GeneratedQuery q = generate(schema, random, maxCells);
      if (q != null) {
        queries.add(q);
      }
    }
    return queries;
  }

  /** A random query, or null when the draw is too big or filters out everything. */
  private static GeneratedQuery generate(EmulatorSchema schema, Random r, long maxCells) {
    // UC_Households is drawn most: it alone has SUM and MEAN statistics and two value sets of one field.
    final Table table = r.nextInt(3) == 0 ? schema.table("UC_Households") : schema.tables.get(r.nextInt(schema.tables.size()));
    final List<Dim> dims = new ArrayList<>();
    for (Field f : table.fields()) {
      // The API breaks a request down by one classification of a field, so one per query.
      dims.add(new Dim(f, f.valueSets().get(r.nextInt(f.valueSets().size()))));
    }
    Collections.shuffle(dims, r);
    final List<Dim> grouped = dims.subList(0, r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(Math.min(3, dims.size())));
    final List<Column> groupBy = new ArrayList<>();
    for (Dim d : grouped) {
      final boolean code = r.nextBoolean();
      groupBy.add(new Column(d, code));
      if (r.nextInt(5) == 0) {
        groupBy.add(new Column(d, !code));
      }
    }
    Grouping grouping = groupBy.isEmpty() ? Grouping.PLAIN : Grouping.values()[r.nextInt(Grouping.values().length)];
    if (grouping == Grouping.MIXED && groupBy.size() < 2) {
      grouping = Grouping.ROLLUP;
    }
    final List<Column> shown = new ArrayList<>(groupBy);
    if (shown.size() > 1 && r.nextInt(5) == 0) {
      shown.remove(r.nextInt(shown.size()));
    }
    final int groupingArgs = grouping == Grouping.PLAIN ? 0 : r.nextInt(3);
    final List<Filter> filters = new ArrayList<>();
    for (int n = r.nextInt(3); n > 0; n--) {
      filters.add(filter(r, dims.get(r.nextInt(dims.size()))));
    }
    final List<Statistic> aggregates = new ArrayList<>(table.statistics().stream()
        .filter(s -> !"MEDIAN".equals(s.function())).toList());
    Collections.shuffle(aggregates, r);
    final GeneratedQuery q = new GeneratedQuery(table, groupBy, grouping,
        grouping == Grouping.SETS ? sets(r, groupBy) : List.of(), filters,
        aggregates.subList(0, 1 + r.nextInt(aggregates.size())), shown,
        groupingArgs == 0 ? List.of() : groupingArgs == 1 ? groupBy.subList(0, 1) : groupBy, r.nextInt(4) == 0);
    long cells = 1;
    for (Dim d : q.grouped()) {
      final Set<Value> kept = q.kept(d);
      cells *= (kept == null ? d.valueSet().values().size() : kept.size()) + (grouping == Grouping.PLAIN ? 0 : 1);
    }
    final boolean empty = dims.stream().anyMatch(d -> q.kept(d) != null && q.kept(d).isEmpty());
    return empty || cells > maxCells ? null : q;
  }

  private static Filter filter(Random r, Dim d) {
    final List<Value> all = d.valueSet().values();
    final Op op = Op.values()[r.nextInt(Op.values().length)];
    // Mostly short lists, sometimes long ones (Calcite would make 20 or more a join unless told not to).
    final int n = op == Op.EQ || op == Op.NE ? 1 : 1 + r.nextInt(Math.min(r.nextInt(4) == 0 ? 40 : 4, all.size()));
    final List<Value> values = new ArrayList<>(all);
    Collections.shuffle(values, r);
    final List<Column> columns = new ArrayList<>();
    for (int i = 0; i < (op == Op.OR ? n : 1); i++) {
      columns.add(new Column(d, r.nextBoolean()));
    }
    return new Filter(op, columns, values.subList(0, n));
  }

  /**
   * All grouped columns (each must be grouped somewhere), then one or two other distinct subsets,
   * the empty one (grand total only) among the choices; now and then one of them given twice,
   * which SQL answers with its rows twice.
   */
  private static List<List<Column>> sets(Random r, List<Column> columns) {
    final List<List<Column>> sets = new ArrayList<>();
    sets.add(columns);
    final int want = 2 + r.nextInt(2);
    for (int tries = 0; sets.size() < want && tries < 20; tries++) {
      final List<Column> set = new ArrayList<>();
      columns.stream().filter(c -> r.nextBoolean()).forEach(set::add);
      if (!sets.contains(set)) {
        sets.add(set);
      }
    }
    if (r.nextInt(4) == 0) {
      sets.add(sets.get(r.nextInt(sets.size())));
    }
    return sets;
  }
}
