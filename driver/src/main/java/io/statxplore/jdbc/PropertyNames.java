package io.statxplore.jdbc;

import io.statxplore.core.spi.Setting;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static java.util.Map.entry;

/**
 * What the name of each connection property means: one of the driver's ({@link DriverProperty},
 * {@code user}, {@code password}), a setting an adapter declares, a Calcite setting that passes
 * through, a Calcite setting the driver refuses because it changes what queries answer, or an
 * unknown name, which is ignored with a warning naming the closest known property, or refused
 * when it looks like a misspelt secret (a key that is silently left unused would make the
 * connection anonymous). The secrets are those the declarations name ({@link Adapters#keyProperties()}).
 */
final class PropertyNames {
  /**
   * Calcite settings that pass through: they choose how Calcite computes what runs locally (time
   * zone, locale, function libraries, where NULLs sort, planner strategies, materializations of
   * the user's own model), never which items a request selects or how a row is read, so every
   * number a query returns is still the API's.
   */
  static final Set<String> CALCITE = Set.of("timeZone", "locale", "fun", "defaultNullCollation", "quoting",
      "typeCoercion", "forceDecorrelate", "topDownGeneralDecorrelationEnabled", "topDownOpt",
      "materializationsEnabled", "createMaterializations", "autoTemp", "druidFetch", "nullEqualToEmpty");

  /** Calcite settings the driver makes itself, each with why another value is refused. */
  private static final Map<String, String> REFUSED = Map.ofEntries(
      entry("conformance", "it changes what SQL means: BABEL, for one, turns ROLLUP keys into ANY_VALUE and"
          + " labels Total rows with an arbitrary item"),
      entry("lex", "it changes how names are quoted and matched, and the driver's names are matched ignoring case"),
      entry("unquotedCasing", "the driver's table and column names are matched as typed, ignoring case"),
      entry("quotedCasing", "the driver's table and column names are matched as typed, ignoring case"),
      entry("caseSensitive", "the driver's table and column names are matched ignoring case"),
      entry("parserFactory", "the driver's Babel parser is what lets labels such as month or year be column names"),
      entry("typeSystem", "it changes the types and precision of computed results"),
      entry("metaTableFactory", "the driver's metadata tables carry each table's label and origin in REMARKS"),
      entry("metaColumnFactory", "the driver's metadata tables carry each column's label and origin in REMARKS"),
      entry("schemaFactory", "the driver builds the connection's schemas itself; use model to add others"),
      entry("schemaType", "the driver builds the connection's schemas itself; use model to add others"),
      entry("factory", "the driver's JDBC objects are what turn every failure into a clear SQLException"),
      entry("approximateDistinctCount", "it allows approximate results"),
      entry("approximateTopN", "it allows approximate results"),
      entry("approximateDecimal", "it allows approximate results"),
      entry("lenientOperatorLookup", "it lets an unknown function pass validation and fail when the query runs"),
      entry("spark", "Calcite's Spark engine is not part of the driver"));

  /** The values the driver uses itself, which may be given again without harm. */
  private static final Map<String, String> DRIVER_VALUES = Map.of(
      "conformance", "DEFAULT", "typeSystem", "DEFAULT", "approximateDistinctCount", "false",
      "approximateTopN", "false", "approximateDecimal", "false", "lenientOperatorLookup", "false", "spark", "false");

  /** Parts of a name that mark it as holding a secret. */
  private static final List<String> SECRET_WORDS = List.of("key", "token", "secret", "passw", "pwd", "credential");

  private PropertyNames() {
  }

  /** What a name is. */
  enum Kind { DRIVER, ADAPTER, USER, PASSWORD, CALCITE, REFUSED, UNKNOWN }

  static Kind kind(String name) {
    if (DriverProperty.of(name).isPresent()) {
      return Kind.DRIVER;
    }
    if (!Adapters.declaring(name).isEmpty()) {
      return Kind.ADAPTER;
    }
    if (name.equalsIgnoreCase("user")) {
      return Kind.USER;
    }
    if (name.equalsIgnoreCase("password")) {
      return Kind.PASSWORD;
    }
    if (calcite(name).isPresent()) {
      return Kind.CALCITE;
    }
    return REFUSED.keySet().stream().anyMatch(name::equalsIgnoreCase) ? Kind.REFUSED : Kind.UNKNOWN;
  }

  /** Calcite's spelling of a setting that passes through, found ignoring case. */
  static Optional<String> calcite(String name) {
    return CALCITE.stream().filter(name::equalsIgnoreCase).findFirst();
  }

  /** Refuses a Calcite setting the driver makes itself, unless it repeats the driver's own value. */
  static void checkRefused(String name, String value, Map<String, String> driverValues) throws SQLException {
    final String key = REFUSED.keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElseThrow();
    final String own = driverValues.getOrDefault(key, DRIVER_VALUES.get(key));
    if (own == null || !own.equalsIgnoreCase(value.strip())) {
      throw new SQLException("The Calcite setting " + key + " is refused: " + REFUSED.get(key), "08001");
    }
  }

  /**
   * Refuses a name that is not a word (a URL whose quoting went wrong), and one that no known
   * property has but that looks like a secret's; else the warning that says it is ignored.
   */
  static String unknown(String name) throws SQLException {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
      // Not quoted back: a URL that went wrong may have run a key into the name.
      throw new SQLException("Malformed jdbc:statxplore: URL: a property name must be a word such as timeout;"
          + " write key=value pairs separated by ';', quoting a value that holds ';' with '...'", "08001");
    }
    final String n = normal(name);
    final List<String> secrets = Adapters.keyProperties();
    if (secrets.stream().anyMatch(s -> distance(n, normal(s)) <= 2) || SECRET_WORDS.stream().anyMatch(n::contains)) {
      throw new SQLException("Unknown property '" + name + "' looks like a secret, so the connection is refused"
          + " rather than made without it; the closest known property is " + closest(n, secrets.stream())
          + " (the value is not shown)", "08001");
    }
    return "Unknown property '" + name + "' is ignored; the closest known property is " + closest(n,
        Stream.of(Arrays.stream(DriverProperty.values()).map(DriverProperty::key),
            Adapters.settings().stream().map(Setting::name), Stream.of("user", "password"), CALCITE.stream().sorted())
            .flatMap(s -> s));
  }

  /** The name nearest to {@code normal} by edit distance, the first on a tie. */
  private static String closest(String normal, Stream<String> names) {
    return names.min(Comparator.comparingInt(k -> distance(normal, normal(k)))).orElseThrow();
  }

  /** A name in lower case without separators: {@code api_key} and {@code apiKey} are both {@code apikey}. */
  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
  static int distance(String a, String b) {
    final int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (Math.min(i, j) == 0) {
          d[i][j] = Math.max(i, j);
          continue;
        }
        final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
