package io.statxplore.jdbc;

import io.statxplore.core.spi.KeySource;
import io.statxplore.core.spi.Setting;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The driver-wide connection properties of {@code jdbc:statxplore:} (DESIGN §4), with the
 * descriptions tools such as DBeaver show in their driver-properties grid; each adapter declares
 * its own beside them ({@link Adapters#settings()}). Names match ignoring case. Each declares
 * what a value may be (one of its choices, a whole number in its range, or text without control
 * characters), which {@link #check} enforces when a connection opens. Where a default depends on
 * the API, the description names each adapter's.
 */
public enum DriverProperty {
  API("api", "Which kind of API to query", Adapters.DEFAULT_API),
  URL("url", "Base URL of the API", null),
  API_KEY("apiKey", "API key (also read from the JDBC password property). Never shown in URLs, logs or messages", null),
  API_KEY_FILE("apiKeyFile", "File holding the API key", null),
  SCHEMA("schema", "Schema the API's tables appear in", null),
  LANGUAGE("language", "Accept-Language for labels, e.g. en, de or de-AT, en;q=0.8; default: the server's", null),
  TIMEOUT("timeout", "Per-request timeout in seconds, 1 to 86400", "60", 1, 86_400),
  RETRIES("retries", "How often a connection failure, HTTP 502/503/504 or read timeout is retried, 0 to 20", "3",
      0, 20),
  MAX_CELLS_PER_REQUEST("maxCellsPerRequest", "Cells above which a request is split into several, 1 to 1000000000",
      "1000000", 1, 1_000_000_000),
  PARALLELISM("parallelism", "Requests of a split query in flight at once, 1 to 16", "4", 1, 16),
  MAX_CELLS("maxCells", "Cells above which a query is refused rather than split, from maxCellsPerRequest to"
      + " 1000000000000", "50000000", 1, 1_000_000_000_000L),
  CACHE_DIR("cacheDir", "Writable directory keeping metadata answers between runs (the JVM's connections share them"
      + " in memory anyway); none by default", null),
  CACHE_TTL("cacheTtl", "How long a metadata answer is used as it is, by this JVM's connections and from cacheDir"
      + " (then revalidated), e.g. 24h, 30m, 0s; at most 365d", "24h"),
  ALLOW_INSECURE_HTTP("allowInsecureHttp",
      "Allow http:// to a host other than this machine (the API key would travel in clear)", "false",
      "true", "false"),
  MODEL("model", "Path of a Calcite model JSON (or inline:{...}) adding local tables and other sources to the"
      + " connection", null),
  ENFORCE_API_KEY("enforceApiKey", "true: fail to connect when no API key is found", "false", "true", "false"),
  DEMO("demo", "true: start the API's bundled emulator on this machine and connect to it (no key, no network)",
      "false", "true", "false");

  private final String key;
  private final String description;
  private final String defaultValue;
  private final String[] choices;
  private final long min;
  private final long max;

  DriverProperty(String key, String description, String defaultValue, String... choices) {
    this(key, description, defaultValue, choices, 0, -1);
  }

  DriverProperty(String key, String description, String defaultValue, long min, long max) {
    this(key, description, defaultValue, new String[0], min, max);
  }

  DriverProperty(String key, String description, String defaultValue, String[] choices, long min, long max) {
    this.key = key;
    this.description = description;
    this.defaultValue = defaultValue;
    this.choices = choices;
    this.min = min;
    this.max = max;
  }

  public String key() {
    return key;
  }

  /** What it is; for a property whose default is the API's, each adapter's default. */
  public String description() {
    return switch (this) {
      case API -> description + ": " + Adapters.all().stream().map(f -> f.api() + " (" + f.description() + ")")
          .collect(Collectors.joining(" or "));
      case URL -> description + "; default " + Adapters.all().stream().map(f -> f.api() + ": " + f.defaultUrl())
          .collect(Collectors.joining(", "));
      case SCHEMA -> description + "; default " + Adapters.all().stream().map(f -> f.api() + ": " + f.defaultSchema())
          .collect(Collectors.joining(", "));
      case API_KEY_FILE -> description + "; without it the key is looked for in " + Adapters.all().stream()
          .map(f -> f.api() + ": " + f.keySources().stream().filter(s -> s instanceof KeySource.Environment
              || s instanceof KeySource.File).map(KeySource::describe).collect(Collectors.joining(", ")))
          .collect(Collectors.joining("; "));
      default -> description;
    };
  }

  public String defaultValue() {
    return defaultValue;
  }

  /** The values it may take, ignoring case; empty for any. */
  public String[] choices() {
    return this == API ? Adapters.names().toArray(String[]::new) : choices.clone();
  }

  /** Whether the value is a secret: never shown, not even in a message about a bad value. */
  public boolean secret() {
    return this == API_KEY;
  }

  /** The names of the secret properties. */
  static Stream<String> secrets() {
    return Arrays.stream(values()).filter(DriverProperty::secret).map(DriverProperty::key);
  }

  /** The property named {@code name}, ignoring case. */
  public static Optional<DriverProperty> of(String name) {
    return Arrays.stream(values()).filter(p -> p.key.equalsIgnoreCase(name.strip())).findFirst();
  }

  /**
   * {@code value} as this property takes it: stripped, a choice in lower case; refused (SQLState
   * {@code 08001}) when it is not one of the choices, not a whole number in range, or holds a
   * control character (a line break would end an HTTP header early).
   */
  String check(String value) throws SQLException {
    final String v = check(key, secret(), List.of(choices()), value);
    if (max >= min) {
      number(v);
    }
    return v;
  }

  /**
   * {@code value} of an adapter's setting as {@link #check} takes a driver property's: stripped, a
   * choice in lower case; refused when it holds a control character or is none of the choices.
   */
  static String check(Setting setting, String value) throws SQLException {
    return check(setting.name(), setting.secret(), setting.choices(), value);
  }

  private static String check(String key, boolean secret, List<String> choices, String value) throws SQLException {
    final String v = value.strip();
    if (v.chars().anyMatch(Character::isISOControl)) {
      throw invalid(key, secret, value, "must not hold control characters such as line breaks");
    }
    if (!choices.isEmpty() && choices.stream().noneMatch(v::equalsIgnoreCase)) {
      throw invalid(key, secret, value, "must be " + String.join(" or ", choices));
    }
    return choices.isEmpty() ? v : v.toLowerCase(Locale.ROOT);
  }

  /** A whole-number property's value; {@code _} and {@code ,} may group digits. */
  long number(String value) throws SQLException {
    try {
      final long n = Long.parseLong(value.strip().replace("_", "").replace(",", ""));
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // not a number, or beyond a long: reported as out of range below
    }
    throw invalid(value, "must be a whole number from " + min + " to " + max);
  }

  /** A bad-setting error that names this property and quotes the value unless it is a secret. */
  SQLException invalid(String value, String rule) {
    return invalid(key, secret(), value, rule);
  }

  private static SQLException invalid(String key, boolean secret, String value, String rule) {
    return new SQLException(key + " " + rule + (secret ? "" : ", not " + quote(value)), "08001");
  }

  /** {@code text} quoted for a message, control characters escaped and long text cut. */
  static String quote(String text) {
    final StringBuilder b = new StringBuilder("'");
    text.codePoints().limit(80).forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.append(text.codePointCount(0, text.length()) > 80 ? "…'" : "'").toString();
  }
}
