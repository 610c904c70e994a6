package io.statxplore.core.spi;

import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns API labels into SQL identifiers: lower case, every run of characters other than
 * {@code a-z0-9} becomes {@code _}, no leading or trailing {@code _}, a {@code _} before a
 * leading digit, {@code _2}, {@code _3}… for repeats, and a trailing {@code _} where the
 * connection's parser would not accept the name unquoted (e.g. {@code date_}, whose code column
 * is still {@code date_code}).
 */
public final class ColumnNames {
  private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");
  /**
   * Whether a name parses unquoted, per parser: the JVM's, since the answer depends only on the
   * parser's grammar, and a table of hundreds of columns would otherwise parse a query per column
   * for each connection.
   */
  private static final Map<String, Boolean> PARSES = new ConcurrentHashMap<>();

  private final SqlParserImplFactory parserFactory;
  private final Set<String> taken = new HashSet<>();

  /** @param parserFactory the parser the connection uses, to test names unquoted */
  public ColumnNames(SqlParserImplFactory parserFactory) {
    this.parserFactory = parserFactory;
  }

  /** The identifier for a label, before de-duplication. */
  public static String normalize(String label) {
    String name = NON_WORD.matcher(label.toLowerCase(Locale.ROOT)).replaceAll("_");
    name = trimUnderscores(name);
    if (name.isEmpty()) {
      name = "column";
    }
    if (Character.isDigit(name.charAt(0))) {
      name = "_" + name;
    }
    return name;
  }

  /**
   * Reserves unique identifiers for {@code label} and for the label with each suffix appended
   * (e.g. a code column beside a label column); a repeat numbers the base, so names stay in
   * pairs ({@code age_2}, {@code age_2_code}).
   */
  public List<String> unique(String label, String... suffixes) {
    final String base = normalize(label);
    for (int i = 1; ; i++) {
      final String numbered = i == 1 ? base : base + "_" + i;
      final List<String> names = new ArrayList<>();
      names.add(numbered);
      for (String suffix : suffixes) {
        names.add(numbered + suffix);
      }
      if (names.stream().noneMatch(taken::contains)) {
        taken.addAll(names);
        return names.stream().map(this::usable).toList();
      }
    }
  }

  private String usable(String name) {
    final String key = parserFactory.getClass().getName() + ":" + name;
    return PARSES.computeIfAbsent(key, k -> parsesUnquoted(name)) ? name : name + "_";
  }

  /** Whether the name works unquoted as a column in select list, WHERE and GROUP BY. */
  private boolean parsesUnquoted(String name) {
    final String sql = "SELECT " + name + ", t." + name + " FROM t WHERE " + name
        + " = 'x' GROUP BY " + name;
    try {
      SqlParser.create(sql, SqlParser.config().withParserFactory(parserFactory)).parseQuery();
      return true;
    } catch (SqlParseException e) {
      return false;
    }
  }

  private static String trimUnderscores(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '_') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '_') {
      end--;
    }
    return s.substring(start, end);
  }
}
