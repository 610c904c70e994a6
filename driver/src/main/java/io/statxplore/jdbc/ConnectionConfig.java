package io.statxplore.jdbc;

import io.statxplore.core.adapter.AdapterContext;
import io.statxplore.core.adapter.RequestLimits;
import io.statxplore.core.adapter.CubeAdapterFactory;
import io.statxplore.core.adapter.DemoServer;
import io.statxplore.core.http.ResponseCache;
import io.statxplore.core.http.Secret;
import io.statxplore.core.http.Secrets;

import com.google.common.net.InetAddresses;

import okhttp3.HttpUrl;

import org.apache.calcite.avatica.ConnectStringParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A connection's settings: the URL's {@code key=value} pairs merged over the JDBC properties
 * (the URL wins), the API key resolved, and what is left handed to Calcite with the driver's
 * defaults (Babel parser, case-insensitive unquoted names, REMARKS in metadata). With
 * {@code demo=true} it holds the running emulator, which {@link #close()} stops.
 */
final class ConnectionConfig implements AutoCloseable {
  /** Properties whose values are secrets, whether the connection uses them or not. */
  private static final Set<String> SECRET_PROPERTIES = Set.of("apikey", "password", "pushkey");

  /**
   * Calcite settings the driver chooses. The Babel parser accepts labels such as month or year
   * as column names; its BABEL conformance is not used: it turns ROLLUP keys into ANY_VALUE,
   * which fills Total rows with an arbitrary label.
   */
  private static final Map<String, String> CALCITE_DEFAULTS = Map.of(
      "parserFactory", "org.apache.calcite.sql.parser.babel.SqlBabelParserImpl#FACTORY",
      "unquotedCasing", "UNCHANGED",
      "quotedCasing", "UNCHANGED",
      "caseSensitive", "false",
      "metaTableFactory", "io.statxplore.core.schema.CubeMetaTableFactory",
      "metaColumnFactory", "io.statxplore.core.schema.CubeMetaColumnFactory");

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionConfig.class);

  private final Map<DriverProperty, String> values;
  private final Properties calcite;
  private final CubeAdapterFactory factory;
  private final HttpUrl baseUrl;
  private final Secret apiKey;
  private final Secrets secrets;
  private final String redactedTail;
  private final @Nullable DemoServer demo;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ConnectionConfig(Map<DriverProperty, String> values, Properties calcite,
      CubeAdapterFactory factory, HttpUrl baseUrl, Secret apiKey, Secrets secrets, String tail,
      @Nullable DemoServer demo) {
    this.values = values;
    this.calcite = calcite;
    this.factory = factory;
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.secrets = secrets;
    this.redactedTail = secrets.redact(tail);
    this.demo = demo;
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
    final Secrets given = secrets(merged);
    final Map<DriverProperty, String> values = new EnumMap<>(DriverProperty.class);
    final Properties calcite = new Properties();
    String password = null;
    for (String name : merged.stringPropertyNames()) {
      final String value = merged.getProperty(name);
      if (name.equalsIgnoreCase("password")) {
        password = value;
      } else if (!name.equalsIgnoreCase("user")) {
        DriverProperty.of(name).ifPresentOrElse(p -> values.put(p, value), () -> calcite.setProperty(name, value));
      }
    }
    CALCITE_DEFAULTS.forEach(calcite::putIfAbsent);
    final CubeAdapterFactory factory = factory(values.getOrDefault(DriverProperty.API, "superstar"));
    if (values.containsKey(DriverProperty.MODEL)) {
      calcite.setProperty("model", values.get(DriverProperty.MODEL));
    }
    timeout(values);
    retries(values);
    limits(values);
    cache(values);
    if (!isDemo(values)) {
      final HttpUrl url = baseUrl(values.getOrDefault(DriverProperty.URL, platformUrl(values, factory)),
          Boolean.parseBoolean(values.get(DriverProperty.ALLOW_INSECURE_HTTP)));
      final Secret key = resolveKey(values, password, factory, env, home, url);
      if (key == null && Boolean.parseBoolean(values.get(DriverProperty.ENFORCE_API_KEY))) {
        throw new SQLInvalidAuthorizationSpecException("enforceApiKey=true but no API key was found: give apiKey"
            + " (or the password), apiKeyFile, " + factory.keyEnvironmentVariable() + " or one of the files "
            + factory.defaultKeyFiles(), "28000");
      }
      return new ConnectionConfig(values, calcite, factory, url, key, given.and(Secrets.of(key)), tail, null);
    }
    if (values.containsKey(DriverProperty.URL)) {
      throw new SQLException("demo=true connects to the bundled emulator; it cannot be combined with url="
          + values.get(DriverProperty.URL), "08001");
    }
    // Started last, so that no invalid setting leaves a server running.
    final DemoServer demo = factory.startDemo().orElseThrow(() -> new SQLException(
        "api=" + factory.api() + " has no bundled emulator, so demo=true is not available", "08001"));
    return new ConnectionConfig(values, calcite, factory, HttpUrl.get(demo.baseUrl()), demo.apiKey(), given,
        tail, demo);
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

  private static CubeAdapterFactory factory(String api) throws SQLException {
    final Iterable<CubeAdapterFactory> all = ServiceLoader.load(CubeAdapterFactory.class,
        ConnectionConfig.class.getClassLoader());
    for (CubeAdapterFactory f : all) {
      if (f.api().equalsIgnoreCase(api.strip())) {
        return f;
      }
    }
    throw new SQLException("Unknown api '" + api + "'; this driver has: "
        + StreamSupport.stream(all.spliterator(), false).map(CubeAdapterFactory::api)
            .collect(Collectors.joining(", ")), "08001");
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

  /** Whether {@code host} (as {@link HttpUrl} gives it) is this machine: {@code localhost} or a loopback address. */
  private static boolean isLoopback(String host) {
    return host.equalsIgnoreCase("localhost")
        || InetAddresses.isInetAddress(host) && InetAddresses.forString(host).isLoopbackAddress();
  }

  /** The {@code platform}'s URL if one is named, else the API's default. */
  private static String platformUrl(Map<DriverProperty, String> values, CubeAdapterFactory factory)
      throws SQLException {
    final String platform = values.get(DriverProperty.PLATFORM);
    if (platform == null) {
      return factory.defaultUrl();
    }
    try {
      return factory.platformUrl(platform.strip()).orElseThrow(() -> new SQLException(
          "api=" + factory.api() + " has no platforms; give url instead of platform", "08001"));
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "08001");
    }
  }

  /**
   * {@code apiKey}, then {@code password}, then {@code apiKeyFile}, the environment, the default
   * files (those before the environment where the API's own client reads them first).
   */
  private static Secret resolveKey(Map<DriverProperty, String> values, String password,
      CubeAdapterFactory factory, Function<String, String> env, Path home, HttpUrl url) throws SQLException {
    for (String candidate : new String[] {values.get(DriverProperty.API_KEY), password}) {
      if (candidate != null && !candidate.isBlank()) {
        return Secret.of(candidate);
      }
    }
    final String file = values.get(DriverProperty.API_KEY_FILE);
    if (file != null) {
      final Secret key = readKey(expand(file, home));
      if (key == null) {
        throw new SQLInvalidAuthorizationSpecException("apiKeyFile " + file + " is missing, unreadable or empty", "28000");
      }
      return key;
    }
    final Secret fromFile = factory.keyFilesBeforeEnvironment() ? defaultKeyFile(factory, home) : null;
    if (fromFile != null) {
      return fromFile;
    }
    final String fromEnv = env.apply(factory.keyEnvironmentVariable());
    final String envKey = fromEnv == null || fromEnv.isBlank() ? null
        : factory.keyFromEnvironment(fromEnv, url.toString());
    if (envKey != null && !envKey.isBlank()) {
      return Secret.of(envKey);
    }
    return factory.keyFilesBeforeEnvironment() ? null : defaultKeyFile(factory, home);
  }

  private static Secret defaultKeyFile(CubeAdapterFactory factory, Path home) {
    for (String path : factory.defaultKeyFiles()) {
      final Secret key = readKey(expand(path, home));
      if (key != null) {
        return key;
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
  private static Properties parseTail(String tail, Properties info) throws SQLException {
    try {
      return ConnectStringParser.parse(tail, copy(info));
    } catch (SQLException e) {
      final Matcher position = Pattern.compile("at position (\\d+)").matcher(String.valueOf(e.getMessage()));
      throw new SQLException("Malformed jdbc:statxplore: URL: "
          + (position.find() ? "a quoted value ends before position " + position.group(1) + " but more follows"
              : "a quoted value is not closed")
          + "; write key=value pairs separated by ';', quoting a value that holds ';' with '...'"
          + " and doubling a quote inside it", "08001");
    }
  }

  /**
   * The secrets given as properties ({@code apiKey}, {@code password}, {@code pushKey}, used or
   * not), each also as a quoted URL value writes it, with a quote inside doubled.
   */
  private static Secrets secrets(Properties given) {
    final List<Secret> secrets = new ArrayList<>();
    final List<String> quoted = new ArrayList<>();
    for (String name : given.stringPropertyNames()) {
      final String value = given.getProperty(name);
      if (SECRET_PROPERTIES.contains(name.strip().toLowerCase(Locale.ROOT)) && !value.isBlank()) {
        secrets.add(Secret.of(value));
        quoted.add(value.strip().replace("'", "''"));
        quoted.add(value.strip().replace("\"", "\"\""));
      }
    }
    return Secrets.of(secrets.toArray(Secret[]::new)).and(quoted);
  }

  CubeAdapterFactory factory() {
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

  private static Duration timeout(Map<DriverProperty, String> values) throws SQLException {
    final String text = values.getOrDefault(DriverProperty.TIMEOUT, DriverProperty.TIMEOUT.defaultValue());
    try {
      final long seconds = Long.parseLong(text.strip());
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SQLException("timeout must be a positive number of seconds, not '" + text + "'", "08001");
  }

  private static int retries(Map<DriverProperty, String> values) throws SQLException {
    final String text = values.getOrDefault(DriverProperty.RETRIES, DriverProperty.RETRIES.defaultValue());
    try {
      final int retries = Integer.parseInt(text.strip());
      if (retries >= 0) {
        return retries;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SQLException("retries must be a number of 0 or more, not '" + text + "'", "08001");
  }

  AdapterContext adapterContext(SqlParserImplFactory parserFactory) throws SQLException {
    final String push = values.get(DriverProperty.PUSH_KEY);
    return new AdapterContext(baseUrl, apiKey, values.get(DriverProperty.LANGUAGE), timeout(), retries(values),
        limits(values), parserFactory, cache(values), push == null || push.isBlank() ? null : Secret.of(push), secrets);
  }

  private static @Nullable ResponseCache cache(Map<DriverProperty, String> values) throws SQLException {
    final String dir = values.get(DriverProperty.CACHE_DIR);
    final String ttl = values.getOrDefault(DriverProperty.CACHE_TTL, DriverProperty.CACHE_TTL.defaultValue()).strip();
    final Matcher m = Pattern.compile("(\\d+)\\s*([smhd]?)", Pattern.CASE_INSENSITIVE).matcher(ttl);
    if (!m.matches()) {
      throw new SQLException("cacheTtl must be a number with an optional unit s, m, h or d, not '" + ttl + "'",
          "08001");
    }
    final long seconds = Long.parseLong(m.group(1)) * switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "m" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> 1;
    };
    return dir == null || dir.isBlank() ? null : new ResponseCache(Path.of(dir), Duration.ofSeconds(seconds));
  }

  private static RequestLimits limits(Map<DriverProperty, String> values) throws SQLException {
    try {
      return new RequestLimits(number(values, DriverProperty.MAX_CELLS_PER_REQUEST),
          (int) number(values, DriverProperty.PARALLELISM), number(values, DriverProperty.MAX_CELLS));
    } catch (IllegalArgumentException e) {
      throw new SQLException("Invalid request limits: " + e.getMessage(), "08001");
    }
  }

  private static long number(Map<DriverProperty, String> values, DriverProperty p) throws SQLException {
    final String text = values.getOrDefault(p, p.defaultValue());
    try {
      return Long.parseLong(text.strip().replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new SQLException(p.key() + " must be a whole number, not '" + text + "'", "08001");
    }
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
