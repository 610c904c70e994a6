package io.statxplore.opendatasoft;

import io.statxplore.core.record.Agg;
import io.statxplore.core.record.Output;
import io.statxplore.core.record.Pred;
import io.statxplore.core.record.RecordColumn;
import io.statxplore.core.record.RecordQuery;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Renders a {@link RecordQuery} as the ODSQL parameters of {@code /records} and {@code /exports}. */
final class Odsql {
  /** ODSQL's reserved words, which must be backquoted as field names. */
  private static final Set<String> RESERVED = Set.of("and", "as", "asc", "avg", "by", "count", "date_format",
      "day", "dayofweek", "desc", "equi", "false", "group", "hour", "or", "limit", "lower", "max", "millisecond",
      "min", "minute", "month", "not", "null", "quarter", "range", "second", "select", "sum", "top", "true",
      "upper", "where", "year", "in", "is", "like", "date");
  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

  private Odsql() {
  }

  /** {@code select}, {@code where}, {@code group_by}, {@code order_by} of a query; absent ones left out. */
  static Map<String, String> parameters(RecordQuery query) {
    final Map<String, String> p = new LinkedHashMap<>();
    p.put("select", select(query));
    if (query.filter() != null) {
      p.put("where", where(query.filter()));
    }
    if (query.isAggregated() && !query.groupKeys().isEmpty()) {
      p.put("group_by", query.groupKeys().stream().map(c -> field(c.id())).distinct()
          .collect(Collectors.joining(", ")));
    }
    if (!query.order().isEmpty()) {
      p.put("order_by", query.order().stream()
          .map(k -> name(query.outputs().get(k.output())) + (k.descending() ? " desc" : " asc"))
          .collect(Collectors.joining(", ")));
    }
    return p;
  }

  private static String select(RecordQuery query) {
    final Set<String> items = new LinkedHashSet<>();
    if (!query.isAggregated()) {
      query.selected().forEach(c -> items.add(field(c.id())));
    } else {
      query.groupKeys().forEach(c -> items.add(field(c.id())));
      for (Agg a : query.aggregates()) {
        items.add(a.function().name().toLowerCase(Locale.ROOT) + "("
            + (a.column() == null ? "*" : field(a.column().id())) + ") as " + a.alias());
      }
    }
    return String.join(", ", items);
  }

  /** The name under which an output comes back: its field, or its alias. */
  private static String name(Output o) {
    return o instanceof RecordColumn c ? field(c.id()) : ((Agg) o).alias();
  }

  static String where(Pred pred) {
    if (pred instanceof Pred.Compare c) {
      // v2.1 documents no != : SQL's <> is NOT of = for a value that is present.
      return c.op() == Pred.Op.NE ? where(new Pred.Not(new Pred.Compare(c.column(), Pred.Op.EQ, c.value())))
          : field(c.column().id()) + " " + operator(c.op()) + " " + literal(c.value());
    }
    if (pred instanceof Pred.IsNull n) {
      return field(n.column().id()) + (n.negated() ? " is not null" : " is null");
    }
    if (pred instanceof Pred.StartsWith s) {
      return "startswith(" + field(s.column().id()) + ", " + literal(s.prefix()) + ")";
    }
    if (pred instanceof Pred.Not n) {
      // SQL's NOT is false for a null: ODSQL's is true, so nulls are excluded explicitly.
      return "(" + field(column(n.operand()).id()) + " is not null and not (" + where(n.operand()) + "))";
    }
    return pred instanceof Pred.And a ? join(a.operands(), " and ") : join(((Pred.Or) pred).operands(), " or ");
  }

  private static RecordColumn column(Pred leaf) {
    return leaf instanceof Pred.Compare c ? c.column() : ((Pred.StartsWith) leaf).column();
  }

  private static String join(List<Pred> operands, String operator) {
    final List<String> parts = new ArrayList<>();
    operands.forEach(p -> parts.add(where(p)));
    return "(" + String.join(operator, parts) + ")";
  }

  private static String operator(Pred.Op op) {
    return switch (op) {
      case EQ -> "=";
      case NE -> throw new IllegalArgumentException("<> is rendered as NOT of =");
      case LT -> "<";
      case LE -> "<=";
      case GT -> ">";
      case GE -> ">=";
    };
  }

  static String literal(Object value) {
    if (value instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (value instanceof LocalDate d) {
      return "date'" + d + "'";
    }
    if (value instanceof Double d) {
      return BigDecimal.valueOf(d).toPlainString();
    }
    return String.valueOf(value);
  }

  /** A field name, backquoted where ODSQL would read it as a keyword or number. */
  static String field(String name) {
    return PLAIN.matcher(name).matches() && !RESERVED.contains(name) ? name : "`" + name + "`";
  }
}
