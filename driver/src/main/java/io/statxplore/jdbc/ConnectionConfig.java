package io.statxplore.jdbc;

import io.statxplore.core.engine.PlannerSettings;
import io.statxplore.core.http.ResponseCache;
import io.statxplore.core.http.Secret;
import io.statxplore.core.http.Secrets;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.DemoServer;
import io.statxplore.core.spi.KeySource;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.core.spi.Setting;

import okhttp3.HttpUrl;

import org.apache.calcite.avatica.ConnectStringParser;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A connection's settings: the URL's {@code key=value} pairs merged over the JDBC properties
 * (the URL wins), the API key resolved, and what is left handed to Calcite with the driver's
 * defaults (Babel parser, case-insensitive unquoted names, REMARKS in metadata). With
 * {@code demo=true} it holds the running emulator, which {@link #close()} stops.
 */
final class ConnectionConfig implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionConfig.class);

  private static final Duration MAX_CACHE_TTL = Duration.ofDays(365);

  /** One language range with an optional weight, of an Accept-Language value (RFC 9110 §12.5.4). */
  private static final String LANGUAGE_RANGE =
      "(\\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)(\\s*;\\s*q=(0(\\.\\d{0,3})?|1(\\.0{0,3})?))?";
  private static final Pattern LANGUAGE = Pattern.compile(LANGUAGE_RANGE + "(\\s*,\\s*" + LANGUAGE_RANGE + ")*");
  /** 127.0.0.0/8 as {@link HttpUrl} writes an IPv4 address: four decimal numbers. */
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  private final Map<DriverProperty, String> values;
  /** The values of the adapter's settings, by declared name: plain ones (defaults included) and secrets. */
  private final Map<String, String> settings;
  private final Map<String, Secret> secretSettings;
  private final Properties calcite;
  private final AdapterFactory factory;
  private final HttpUrl baseUrl;
  private final Secret apiKey;
  private final Secrets secrets;
  private final String redactedTail;
  private final @Nullable DemoServer demo;
  private final List<String> warnings;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ConnectionConfig(Map<DriverProperty, String> values, Map<String, String> settings,
      Map<String, Secret> secretSettings, Properties calcite, AdapterFactory factory, HttpUrl baseUrl, Secret apiKey,
      Secrets secrets, String tail, @Nullable DemoServer demo, List<String> warnings) {
    this.values = values;
    this.settings = settings;
    this.secretSettings = secretSettings;
    this.calcite = calcite;
    this.factory = factory;
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.secrets = secrets;
    this.redactedTail = secrets.redact(tail);
    this.demo = demo;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * @param tail the URL after {@code jdbc:statxplore:}
   * @param info the JDBC properties
   * @param env environment variables
   * @param home the user's home directory, for {@code ~} in key file paths
   */
  static ConnectionConfig parse(String tail, Properties info, Function<String, String> env, Path home)
      throws SQLException {
    final Properties merged = parseTail(tail, info);
    final Secrets secrets = secrets(merged);
    final Map<DriverProperty, String> values = new EnumMap<>(DriverProperty.class);
    // The adapters' settings, checked once the adapter is known.
    final Map<String, String> given = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Properties calcite = new Properties();
    final List<String> warnings = new ArrayList<>();
    String password = null;
    for (String name : new TreeSet<>(merged.stringPropertyNames())) {
      final String value = merged.getProperty(name);
      switch (PropertyNames.kind(name)) {
        case PASSWORD -> password = value;
        case USER -> { }
        case DRIVER -> {
          final DriverProperty p = DriverProperty.of(name).orElseThrow();
          if (values.put(p, p.check(value)) != null) {
            throw twice(p.key());
          }
        }
        case ADAPTER -> {
          if (given.put(name.strip(), value) != null) {
            throw twice(name.strip());
          }
        }
        case CALCITE -> calcite.setProperty(PropertyNames.calcite(name).orElseThrow(), value);
        case REFUSED -> PropertyNames.checkRefused(name, value, PlannerSettings.CALCITE);
        case UNKNOWN -> warnings.add(PropertyNames.unknown(name));
      }
    }
    checkCalcite(calcite);
    PlannerSettings.CALCITE.forEach(calcite::putIfAbsent);
    final AdapterFactory factory = factory(values.getOrDefault(DriverProperty.API, Adapters.DEFAULT_API));
    final Map<String, String> settings = AdapterContext.defaults(factory.settings());
    final Map<String, Secret> secretSettings = new HashMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      final Setting s = factory.settings().stream().filter(d -> d.name().equalsIgnoreCase(e.getKey())).findFirst()
          .orElse(null);
      if (s == null) {
        warnings.add("Property '" + e.getKey() + "' is a setting of api=" + Adapters.declaring(e.getKey()).stream()
            .map(AdapterFactory::api).collect(Collectors.joining(" and api=")) + "; it is ignored with api="
            + factory.api());
      } else if (s.secret()) {
        final String value = DriverProperty.check(s, e.getValue());
        if (!value.isEmpty()) {
          secretSettings.put(s.name(), Secret.of(value));
        }
      } else {
        settings.put(s.name(), DriverProperty.check(s, e.getValue()));
      }
    }
    if (values.containsKey(DriverProperty.MODEL)) {
      calcite.setProperty("model", model(values.get(DriverProperty.MODEL)));
    }
    checkText(values);
    timeout(values);
    retries(values);
    limits(values);
    cache(values);
    cacheDir(values.get(DriverProperty.CACHE_DIR));
    if (!isDemo(values)) {
      final HttpUrl url = baseUrl(values.getOrDefault(DriverProperty.URL, adapterUrl(factory, settings)),
          Boolean.parseBoolean(values.get(DriverProperty.ALLOW_INSECURE_HTTP)));
      final Map<String, String> keyProperties = new HashMap<>();
      values.forEach((p, v) -> keyProperties.put(p.key(), v));
      if (password != null) {
        keyProperties.put("password", password);
      }
      final Secret key = resolveKey(keyProperties, factory, env, home, url);
      checkKey(key);
      if (key == null && Boolean.parseBoolean(values.get(DriverProperty.ENFORCE_API_KEY))) {
        final List<String> sources = factory.keySources().stream().map(KeySource::describe).toList();
        throw new SQLInvalidAuthorizationSpecException("enforceApiKey=true but no API key was found: give "
            + String.join(", ", sources.subList(0, sources.size() - 1)) + " or " + sources.get(sources.size() - 1),
            "28000");
      }
      return new ConnectionConfig(values, settings, secretSettings, calcite, factory, url, key,
          secrets.and(Secrets.of(key)), tail, null, warnings);
    }
    if (values.containsKey(DriverProperty.URL)) {
      throw new SQLException("demo=true connects to the bundled emulator; it cannot be combined with url="
          + values.get(DriverProperty.URL), "08001");
    }
    // Started last, so that no invalid setting leaves a server running.
    final DemoServer demo = factory.startDemo().orElseThrow(() -> new SQLException(
        "api=" + factory.api() + " has no bundled emulator, so demo=true is not available", "08001"));
    return new ConnectionConfig(values, settings, secretSettings, calcite, factory, HttpUrl.get(demo.baseUrl()),
        demo.apiKey(), secrets, tail, demo, warnings);
  }

  private static SQLException twice(String name) {
    return new SQLException(name + " is given twice, in different cases; give it once", "08001");
  }

  private static boolean isDemo(Map<DriverProperty, String> values) throws SQLException {
    final String text = values.getOrDefault(DriverProperty.DEMO, "false").strip().toLowerCase(Locale.ROOT);
    if (!text.equals("true") && !text.equals("false")) {
      throw new SQLException("demo must be true or false, not '" + values.get(DriverProperty.DEMO) + "'", "08001");
    }
    return text.equals("true");
  }

  private static Properties copy(Properties info) {
    final Properties p = new Properties();
    if (info != null) {
      info.stringPropertyNames().forEach(n -> p.setProperty(n, info.getProperty(n)));
    }
    return p;
  }

  /** The adapter {@code api} names; {@link DriverProperty#check} has made sure there is one, if any is installed. */
  private static AdapterFactory factory(String api) throws SQLException {
    return Adapters.find(api).orElseThrow(() -> new SQLException("No adapter for api=" + api + " is installed; this"
        + " driver has: " + String.join(", ", Adapters.names()), "08001"));
  }

  private static HttpUrl baseUrl(String text, boolean allowInsecure) throws SQLException {
    final HttpUrl url = HttpUrl.parse(text.strip());
    if (url == null) {
      throw new SQLException("url '" + text + "' is not an http or https URL", "08001");
    }
    if (!url.isHttps() && !allowInsecure && !isLoopback(url.host())) {
      throw new SQLException("url " + url.scheme() + "://" + url.host()
          + " would send the API key unencrypted; use https, or set allowInsecureHttp=true", "08001");
    }
    return url;
  }

  /**
   * Whether {@code host} (as {@link HttpUrl} gives it: an address in canonical form, an IPv4-mapped
   * IPv6 one as IPv4) is this machine: {@code localhost}, 127.0.0.0/8 or ::1. Nothing is resolved.
   */
  private static boolean isLoopback(String host) {
    return host.equalsIgnoreCase("localhost") || host.equals("::1") || IPV4_LOOPBACK.matcher(host).matches();
  }

  /** The URL the adapter's settings name (e.g. a platform), else its default; a bad setting is refused. */
  private static String adapterUrl(AdapterFactory factory, Map<String, String> settings) throws SQLException {
    try {
      return factory.baseUrl(settings);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "08001");
    }
  }

  /**
   * The key from the first of the adapter's key sources that holds one: a property, a property
   * naming a file (which must then hold it), an environment variable, a file.
   *
   * @param properties the connection's properties that may hold a key or name its file
   */
  private static @Nullable Secret resolveKey(Map<String, String> properties, AdapterFactory factory,
      Function<String, String> env, Path home, HttpUrl url) throws SQLException {
    for (KeySource source : factory.keySources()) {
      if (source instanceof KeySource.Property p) {
        final String value = properties.get(p.name());
        if (value != null && !value.isBlank()) {
          return Secret.of(value);
        }
      } else if (source instanceof KeySource.PropertyFile f && properties.get(f.name()) != null) {
        final String file = properties.get(f.name());
        final Secret key = readKey(expand(file, home));
        if (key == null) {
          throw new SQLInvalidAuthorizationSpecException(f.name() + " " + file + " is missing, unreadable or empty",
              "28000");
        }
        return key;
      } else if (source instanceof KeySource.Environment e) {
        final String value = env.apply(e.variable());
        final String key = value == null || value.isBlank() ? null : e.select().key(value, url.toString());
        if (key != null && !key.isBlank()) {
          return Secret.of(key);
        }
      } else if (source instanceof KeySource.File f) {
        final Secret key = readKey(expand(f.path(), home));
        if (key != null) {
          return key;
        }
      }
    }
    return null;
  }

  private static Path expand(String path, Path home) {
    return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
  }

  private static Secret readKey(Path path) {
    try {
      final String text = Files.readString(path, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        return null;
      }
      exposure(path).ifPresent(LOG::warn);
      return Secret.of(text);
    } catch (IOException e) {
      return null;
    }
  }

  /** A warning if other users may read the key file (POSIX file systems only). */
  static Optional<String> exposure(Path path) {
    try {
      final Set<PosixFilePermission> p = Files.getPosixFilePermissions(path);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        return Optional.of("API key file " + path + " can be read by other users ("
            + PosixFilePermissions.toString(p) + "); restrict it with: chmod 600 " + path);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // No POSIX permissions to check (Windows), or the file went away after it was read.
    }
    return Optional.empty();
  }

  /**
   * Avatica's parser quotes the whole URL, and the unterminated value, in its messages: they may
   * hold the key, so its message is replaced by one that names only the position.
   */
  static Properties parseTail(String tail, Properties info) throws SQLException {
    final Properties url;
    try {
      url = ConnectStringParser.parse(tail);
    } catch (SQLException e) {
      final Matcher position = Pattern.compile("at position (\\d+)").matcher(String.valueOf(e.getMessage()));
      throw new SQLException("Malformed jdbc:statxplore: URL: "
          + (position.find() ? "a quoted value ends before position " + position.group(1) + " but more follows"
              : "a quoted value is not closed")
          + "; write key=value pairs separated by ';', quoting a value that holds ';' with '...'"
          + " and doubling a quote inside it", "08001");
    }
    final Properties merged = copy(info);
    final Set<String> given = new HashSet<>();
    for (String name : url.stringPropertyNames()) {
      // Avatica reads ";;a=b" (or a leading ';') as a name ";a"; the URL wins over a property
      // whose name differs only in case.
      final String key = name.replaceFirst("^[;\\s]+", "");
      if (!given.add(key.toLowerCase(Locale.ROOT))) {
        throw twice(key);
      }
      merged.stringPropertyNames().stream().filter(key::equalsIgnoreCase).forEach(merged::remove);
      merged.setProperty(key, url.getProperty(name));
    }
    return merged;
  }

  /**
   * The secrets given as properties ({@link Adapters#isSecret}: {@code apiKey}, {@code password},
   * every adapter's secret settings, used or not), each also as a quoted URL value writes it, with
   * a quote inside doubled.
   */
  static Secrets secrets(Properties given) {
    final List<Secret> secrets = new ArrayList<>();
    final List<String> quoted = new ArrayList<>();
    for (String name : given.stringPropertyNames()) {
      final String value = given.getProperty(name);
      if (Adapters.isSecret(name) && !value.isBlank()) {
        secrets.add(Secret.of(value));
        quoted.add(value.strip().replace("'", "''"));
        quoted.add(value.strip().replace("\"", "\"\""));
      }
    }
    return Secrets.of(secrets.toArray(Secret[]::new)).and(quoted);
  }

  AdapterFactory factory() {
    return factory;
  }

  /** Properties for Calcite: everything that is not the driver's own, with the driver's defaults. */
  Properties calciteProperties() {
    return calcite;
  }

  String redactedTail() {
    return redactedTail;
  }

  String schemaName() {
    return values.getOrDefault(DriverProperty.SCHEMA, factory.defaultSchema());
  }

  Duration timeout() throws SQLException {
    return timeout(values);
  }

  HttpUrl baseUrl() {
    return baseUrl;
  }

  private static Duration timeout(Map<DriverProperty, String> values) throws SQLException {
    return Duration.ofSeconds(number(values, DriverProperty.TIMEOUT));
  }

  private static int retries(Map<DriverProperty, String> values) throws SQLException {
    return (int) number(values, DriverProperty.RETRIES);
  }

  AdapterContext adapterContext(SqlParserImplFactory parserFactory) throws SQLException {
    return new AdapterContext(baseUrl, apiKey, factory.keyTransport(), values.get(DriverProperty.LANGUAGE), timeout(),
        retries(values), limits(values), parserFactory, cache(values), settings, secretSettings, secrets);
  }

  /** Metadata answers are kept for {@code cacheTtl}: in memory for the JVM's connections, and in {@code cacheDir}. */
  private static ResponseCache cache(Map<DriverProperty, String> values) throws SQLException {
    final String dir = values.get(DriverProperty.CACHE_DIR);
    final String ttl = values.getOrDefault(DriverProperty.CACHE_TTL, DriverProperty.CACHE_TTL.defaultValue()).strip();
    final Matcher m = Pattern.compile("(\\d{1,12})\\s*([smhd]?)", Pattern.CASE_INSENSITIVE).matcher(ttl);
    final long seconds = m.matches() ? Long.parseLong(m.group(1)) * switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "m" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> 1;
    } : -1;
    if (seconds < 0 || seconds > MAX_CACHE_TTL.toSeconds()) {
      throw DriverProperty.CACHE_TTL.invalid(ttl, "must be a number with an optional unit s, m, h or d, from 0s to "
          + MAX_CACHE_TTL.toDays() + "d");
    }
    return new ResponseCache(dir == null || dir.isBlank() ? null : Path.of(dir), Duration.ofSeconds(seconds));
  }

  /**
   * Checks that the cache directory is one, or can be made (for its owner alone), and takes files:
   * one that does not would otherwise be found out only by a failing query, or never.
   */
  private static void cacheDir(@Nullable String dir) throws SQLException {
    if (dir == null || dir.isBlank()) {
      return;
    }
    try {
      final Path path = Path.of(dir);
      if (Files.exists(path) && !Files.isDirectory(path)) {
        throw new SQLException("cacheDir " + DriverProperty.quote(dir) + " is not a directory", "08001");
      }
      if (!Files.exists(path)) {
        Files.createDirectories(path, ownerOnly());
      }
      Files.delete(Files.createTempFile(path, ".write-check", ".tmp"));
    } catch (InvalidPathException | IOException | SecurityException e) {
      throw new SQLException("cacheDir " + DriverProperty.quote(dir) + " is not a directory the driver can write to ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", "08001");
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
        : new FileAttribute<?>[0];
  }

  private static RequestLimits limits(Map<DriverProperty, String> values) throws SQLException {
    final long perRequest = number(values, DriverProperty.MAX_CELLS_PER_REQUEST);
    final long maxCells = number(values, DriverProperty.MAX_CELLS);
    if (maxCells < perRequest) {
      throw DriverProperty.MAX_CELLS.invalid(String.valueOf(maxCells),
          "must be at least maxCellsPerRequest (" + perRequest + ")");
    }
    return new RequestLimits(perRequest, (int) number(values, DriverProperty.PARALLELISM), maxCells);
  }

  private static long number(Map<DriverProperty, String> values, DriverProperty p) throws SQLException {
    return p.number(values.getOrDefault(p, p.defaultValue()));
  }

  /**
   * The model's path (checked: a missing file would otherwise fail inside Calcite with a raw
   * {@code FileNotFoundException}), or {@code inline:} JSON as it is.
   */
  private static String model(String model) throws SQLException {
    if (model.startsWith("inline:")) {
      return model;
    }
    try {
      final Path path = Path.of(model);
      if (Files.isRegularFile(path) && Files.isReadable(path)) {
        return model;
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    throw new SQLException("model " + DriverProperty.quote(model) + " is not a readable file; give the path of a"
        + " Calcite model JSON file, or inline:{...}", "08001");
  }

  /** Checks the settings that are text: the schema's name, the Accept-Language value (the platform id is the adapter's to check). */
  private static void checkText(Map<DriverProperty, String> values) throws SQLException {
    final String schema = values.get(DriverProperty.SCHEMA);
    if (schema != null && schema.isEmpty()) {
      throw DriverProperty.SCHEMA.invalid(schema, "must name a schema");
    }
    final String language = values.get(DriverProperty.LANGUAGE);
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      throw DriverProperty.LANGUAGE.invalid(language, "must be an Accept-Language value such as en, de-AT or"
          + " de, en;q=0.8");
    }
  }

  /**
   * Refuses a key that cannot travel in an HTTP header: a control character (a line break would end
   * the header and start another) or a character beyond ASCII. The key is not shown.
   */
  private static void checkKey(@Nullable Secret key) throws SQLException {
    if (key != null && !key.reveal().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new SQLInvalidAuthorizationSpecException("The API key holds a line break, another control character or"
          + " a character beyond ASCII, which an HTTP header cannot carry; check the key where it is given", "28000");
    }
  }

  /**
   * Checks the values of the Calcite settings that pass through as Calcite would read them, so
   * that a bad one fails here rather than in the first query (or, for a time zone, silently).
   */
  private static void checkCalcite(Properties calcite) throws SQLException {
    for (String name : calcite.stringPropertyNames()) {
      final String value = calcite.getProperty(name).strip();
      final CalciteConnectionProperty p = Arrays.stream(CalciteConnectionProperty.values())
          .filter(c -> c.camelName().equals(name)).findFirst().orElseThrow();
      final boolean ok = switch (p.type()) {
        case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
        case NUMBER -> value.matches("\\d{1,9}");
        case ENUM -> Arrays.stream(p.valueClass().getEnumConstants())
            .anyMatch(e -> ((Enum<?>) e).name().equalsIgnoreCase(value));
        default -> p == CalciteConnectionProperty.TIME_ZONE
            ? value.equals("GMT") || !TimeZone.getTimeZone(value).getID().equals("GMT")
            : p != CalciteConnectionProperty.FUN || functionLibraries(calcite);
      };
      if (!ok) {
        throw new SQLException("The Calcite setting " + name + " cannot be " + DriverProperty.quote(value)
            + "; see https://calcite.apache.org/docs/adapter.html#jdbc-connect-string-parameters", "08001");
      }
    }
  }

  private static boolean functionLibraries(Properties calcite) {
    try {
      new CalciteConnectionConfigImpl(calcite).fun(SqlOperatorTable.class, null);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Why properties were ignored (unknown names, each with the closest known one). */
  List<String> warnings() {
    return warnings;
  }

  /** The emulator of a {@code demo=true} connection, or null. */
  @Nullable DemoServer demo() {
    return demo;
  }

  /** Stops the emulator of a {@code demo=true} connection; idempotent. */
  @Override public void close() {
    if (demo != null && closed.compareAndSet(false, true)) {
      demo.close();
    }
  }
}
