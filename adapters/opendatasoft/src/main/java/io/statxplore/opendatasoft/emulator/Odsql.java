package io.statxplore.opendatasoft.emulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The subset of ODSQL the emulator evaluates over a dataset's records: {@code where} with
 * {@code and}/{@code or}/{@code not}, comparisons, {@code is [not] null}, {@code in [a..b]},
 * {@code startswith()}, text, number, boolean and {@code date'…'} literals; {@code select} of
 * fields and {@code count/sum/avg/min/max} with {@code as} aliases; {@code group_by} fields (nulls
 * grouped); {@code order_by} fields or aliases. ODSQL's logic is two-valued: a comparison with a
 * null is false, and its NOT true.
 */
final class Odsql {
  /** A malformed clause; the message names it as the API does. */
  static final class OdsqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OdsqlException(String message) {
      super(message);
    }
  }

  /** A select item: a field, or an aggregate (function, field or null for {@code *}) with a name. */
  record Item(String name, String field, String function) { }

  private final Dataset dataset;
  private final String text;
  private final String clause;
  private final List<String> tokens = new ArrayList<>();
  private int at;

  private Odsql(Dataset dataset, String text, String clause) {
    this.dataset = dataset;
    this.text = text;
    this.clause = clause;
    tokenize();
  }

  /** The rows a {@code where} clause keeps. */
  static Predicate<Map<String, Object>> where(Dataset dataset, String where) {
    final Odsql p = new Odsql(dataset, where, "where");
    final Predicate<Map<String, Object>> result = p.or();
    p.expectEnd();
    return result;
  }

  /** The items of a {@code select} clause; {@code *} is every field. */
  static List<Item> select(Dataset dataset, String select) {
    final List<Item> items = new ArrayList<>();
    for (String part : split(select)) {
      final Odsql p = new Odsql(dataset, part, "select");
      items.addAll(p.item());
      p.expectEnd();
    }
    return items;
  }

  /** The fields of a {@code group_by} clause. */
  static List<String> groupBy(Dataset dataset, String groupBy) {
    final List<String> fields = new ArrayList<>();
    for (String part : split(groupBy)) {
      final Odsql p = new Odsql(dataset, part, "group_by");
      fields.add(p.field());
      p.expectEnd();
    }
    return fields;
  }

  /** A comparator for an {@code order_by} clause over result rows with the names {@code known}. */
  static Comparator<Map<String, Object>> orderBy(Dataset dataset, String orderBy, List<String> known) {
    Comparator<Map<String, Object>> order = (a, b) -> 0;
    for (String part : split(orderBy)) {
      final Odsql p = new Odsql(dataset, part, "order_by");
      final String name = p.name();
      if (!known.contains(name)) {
        throw p.error("Unknown field or alias: " + name);
      }
      final boolean desc = p.accept("desc");
      if (!desc) {
        p.accept("asc");
      }
      p.expectEnd();
      // Nulls sort high: last ascending, first descending.
      final Comparator<Map<String, Object>> key = (a, b) -> compareNullsHigh(a.get(name), b.get(name));
      order = order.thenComparing(desc ? key.reversed() : key);
    }
    return order;
  }

  /** Splits at commas outside parentheses and quotes. */
  private static List<String> split(String text) {
    final List<String> parts = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private void tokenize() {
    int i = 0;
    while (i < text.length()) {
      final char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'' || c == '`') {
        final StringBuilder b = new StringBuilder().append(c);
        int j = i + 1;
        for (; j < text.length() && text.charAt(j) != c; j++) {
          if (text.charAt(j) == '\\' && j + 1 < text.length()) {
            j++;
          }
          b.append(text.charAt(j));
        }
        if (j >= text.length()) {
          throw error("unterminated literal");
        }
        tokens.add(b.toString());
        i = j + 1;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' && i + 1 < text.length()
          && Character.isDigit(text.charAt(i + 1)) || c == '-' && i + 1 < text.length()
          && Character.isDigit(text.charAt(i + 1))) {
        int j = i + 1;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
            || text.charAt(j) == '.' && j + 1 < text.length() && Character.isDigit(text.charAt(j + 1)))) {
          j++;
        }
        tokens.add(text.substring(i, j));
        i = j;
      } else if (text.startsWith("..", i) || text.startsWith("<=", i) || text.startsWith(">=", i)
          || text.startsWith("!=", i) || text.startsWith("<>", i)) {
        tokens.add(text.substring(i, i + 2));
        i += 2;
      } else if ("()=<>[]*,".indexOf(c) >= 0) {
        tokens.add(String.valueOf(c));
        i++;
      } else {
        throw error("unexpected character '" + c + "'");
      }
    }
  }

  private Predicate<Map<String, Object>> or() {
    Predicate<Map<String, Object>> p = and();
    while (accept("or")) {
      p = p.or(and());
    }
    return p;
  }

  private Predicate<Map<String, Object>> and() {
    Predicate<Map<String, Object>> p = not();
    while (accept("and")) {
      p = p.and(not());
    }
    return p;
  }

  private Predicate<Map<String, Object>> not() {
    return accept("not") ? not().negate() : primary();
  }

  private Predicate<Map<String, Object>> primary() {
    if (accept("(")) {
      final Predicate<Map<String, Object>> p = or();
      expect(")");
      return p;
    }
    if (accept("startswith")) {
      expect("(");
      final String field = field();
      expect(",");
      final Object prefix = literal();
      expect(")");
      if (!(prefix instanceof String s)) {
        throw error("startswith() takes a text");
      }
      final String lower = s.toLowerCase(Locale.ROOT);
      // Matches the start of the value or of any of its words, ignoring case.
      return r -> r.get(field) != null && (text(r.get(field)).startsWith(lower)
          || List.of(text(r.get(field)).split("[^\\p{L}\\p{N}]+")).stream().anyMatch(w -> w.startsWith(lower)));
    }
    final String field = field();
    if (accept("is")) {
      final boolean negated = accept("not");
      expect("null");
      return negated ? r -> r.get(field) != null : r -> r.get(field) == null;
    }
    if (accept("in")) {
      final boolean lowInclusive = accept("[");
      if (!lowInclusive) {
        expect("]");
      }
      final Object low = literal();
      expect("..");
      final Object high = literal();
      final boolean highInclusive = accept("]");
      if (!highInclusive) {
        expect("[");
      }
      return r -> r.get(field) != null && compare(r.get(field), low) >= (lowInclusive ? 0 : 1)
          && compare(r.get(field), high) <= (highInclusive ? 0 : -1);
    }
    final String op = next();
    final Object value = literal();
    return r -> {
      final Object v = r.get(field);
      if (v == null) {
        return false;
      }
      final int c = compare(v, value);
      return switch (op) {
        case "=" -> c == 0;
        case "!=", "<>" -> c != 0;
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        case ">=" -> c >= 0;
        default -> throw error("unknown operator " + op);
      };
    };
  }

  private List<Item> item() {
    if (accept("*")) {
      return dataset.fields().stream().map(f -> new Item(f.name(), f.name(), null)).toList();
    }
    final String first = peek();
    if (List.of("count", "sum", "avg", "min", "max").contains(first.toLowerCase(Locale.ROOT))
        && at + 1 < tokens.size() && tokens.get(at + 1).equals("(")) {
      final String function = next().toLowerCase(Locale.ROOT);
      expect("(");
      final String field = accept("*") ? null : field();
      if (field == null && !function.equals("count")) {
        throw error(function + "(*) is not valid");
      }
      expect(")");
      final String alias = accept("as") ? name() : function + "(" + (field == null ? "*" : field) + ")";
      return List.of(new Item(alias, field, function));
    }
    final String field = field();
    return List.of(new Item(accept("as") ? name() : field, field, null));
  }

  /** A field of the dataset. */
  private String field() {
    final String name = name();
    if (dataset.field(name) == null) {
      throw error("Unknown field: " + name);
    }
    return name;
  }

  private String name() {
    final String t = next();
    if (t.startsWith("`")) {
      return t.substring(1);
    }
    if (!Character.isLetter(t.charAt(0)) && t.charAt(0) != '_') {
      throw error("a name was expected, not " + t);
    }
    return t;
  }

  private Object literal() {
    final String t = next();
    if (t.startsWith("\"") || t.startsWith("'")) {
      return t.substring(1);
    }
    if (t.equalsIgnoreCase("date") && peek().startsWith("'")) {
      return next().substring(1);
    }
    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(t);
    }
    try {
      return t.contains(".") ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw error("a literal was expected, not " + t);
    }
  }

  private static String text(Object value) {
    return value.toString().toLowerCase(Locale.ROOT);
  }

  /** Compares a record value with a literal or another value: numbers as numbers, the rest as text. */
  static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    return a.toString().compareTo(b.toString());
  }

  static int compareNullsHigh(Object a, Object b) {
    if (Objects.equals(a, b)) {
      return 0;
    }
    return a == null ? 1 : b == null ? -1 : compare(a, b);
  }

  private String peek() {
    return at < tokens.size() ? tokens.get(at) : "";
  }

  private String next() {
    if (at >= tokens.size()) {
      throw error("unexpected end");
    }
    return tokens.get(at++);
  }

  private boolean accept(String token) {
    if (peek().equalsIgnoreCase(token)) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw error("'" + token + "' was expected" + (peek().isEmpty() ? " at the end" : ", not '" + peek() + "'"));
    }
  }

  private void expectEnd() {
    if (at < tokens.size()) {
      throw error("unexpected '" + peek() + "'");
    }
  }

  private OdsqlException error(String what) {
    return new OdsqlException("ODSQL query is malformed: " + what + " Clause(s) containing the error(s): "
        + clause + ".");
  }

  /** Result rows of a grouped query: one per distinct key (nulls included), in key order. */
  static List<Map<String, Object>> group(List<Map<String, Object>> rows, List<String> keys, List<Item> items) {
    final Map<List<Object>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
    for (Map<String, Object> r : rows) {
      groups.computeIfAbsent(keys.stream().map(r::get).toList(), k -> new ArrayList<>()).add(r);
    }
    if (keys.isEmpty() && groups.isEmpty()) {
      groups.put(List.of(), List.of());
    }
    final List<Map<String, Object>> result = new ArrayList<>();
    for (Map.Entry<List<Object>, List<Map<String, Object>>> g : groups.entrySet()) {
      final Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        out.put(keys.get(i), g.getKey().get(i));
      }
      for (Item item : items) {
        if (item.function() == null) {
          if (!keys.contains(item.field())) {
            throw new OdsqlException("ODSQL query is malformed: " + item.field()
                + " is neither grouped nor aggregated Clause(s) containing the error(s): select.");
          }
          out.put(item.name(), g.getValue().isEmpty() ? null : g.getValue().get(0).get(item.field()));
        } else {
          out.put(item.name(), aggregate(item, g.getValue()));
        }
      }
      result.add(out);
    }
    final Comparator<Map<String, Object>> byKeys = keys.stream()
        .map(k -> (Comparator<Map<String, Object>>) (a, b) -> compareNullsHigh(a.get(k), b.get(k)))
        .reduce((a, b) -> 0, Comparator::thenComparing);
    result.sort(byKeys);
    return result;
  }

  private static Object aggregate(Item item, List<Map<String, Object>> rows) {
    final List<Object> values = item.field() == null ? new ArrayList<>(rows)
        : rows.stream().map(r -> r.get(item.field())).filter(Objects::nonNull).toList();
    return switch (item.function()) {
      case "count" -> (long) values.size();
      case "sum" -> values.isEmpty() ? null : values.stream().allMatch(v -> v instanceof Long)
          ? (Object) values.stream().mapToLong(v -> (Long) v).sum()
          : (Object) values.stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
      case "avg" -> values.isEmpty() ? null
          : values.stream().mapToDouble(v -> ((Number) v).doubleValue()).average().orElseThrow();
      case "min" -> values.stream().min(Odsql::compare).orElse(null);
      default -> values.stream().max(Odsql::compare).orElse(null);
    };
  }
}
