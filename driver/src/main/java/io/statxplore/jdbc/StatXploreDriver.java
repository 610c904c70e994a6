package io.statxplore.jdbc;

import io.statxplore.core.engine.AdapterSchema;
import io.statxplore.core.engine.EnginePrepare;
import io.statxplore.core.http.Secret;
import io.statxplore.core.http.Secrets;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.DemoServer;
import io.statxplore.core.spi.Setting;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.HandlerImpl;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.jdbc.StatXploreJdbcFactory;
import org.apache.calcite.jdbc.StatXploreMeta;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.util.ConversionUtil;
import org.apache.calcite.util.Util;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * The {@code jdbc:statxplore:} driver: Calcite with one schema of remote tables per connection,
 * planned so that filters, grouping and aggregates go to the API in one request.
 *
 * <p>URL: {@code jdbc:statxplore:} followed by {@code key=value} pairs separated by {@code ;}
 * (see {@link DriverProperty}); JDBC properties are merged, the URL wins. The API key may be
 * given as {@code apiKey}, as the JDBC password, in a file or in the environment; it is never
 * part of {@code getURL()}.
 */
public class StatXploreDriver extends Driver {
  public static final String PREFIX = "jdbc:statxplore:";

  /**
   * Calcite's cache of compiled plans, a JVM-wide system property: Calcite reads it once, when it
   * first starts in the JVM, and keeps one cache for all connections (see the static block).
   */
  private static final String BINDABLE_CACHE = "calcite.bindable.cache.maxSize";

  /**
   * Hands the parsed settings to {@link #createHandler()}'s callback, which runs inside connect on
   * the same thread: Avatica gives the callback no other way to reach them.
   */
  private static final ThreadLocal<ConnectionConfig> CONNECTING = new ThreadLocal<>();

  /**
   * The schema and settings of each open connection, closed with the connection (releasing its
   * HTTP client and stopping a demo emulator).
   */
  private static final Map<AvaticaConnection, Open> OPEN =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Schemas of other APIs that the model of the connection being opened adds ({@link ApiSchemaFactory}). */
  private static final ThreadLocal<List<ApiSchemaFactory.Opened>> MODEL_APIS = new ThreadLocal<>();

  /** What a connection holds open. */
  private record Open(AdapterSchema schema, ConnectionConfig config, List<ApiSchemaFactory.Opened> models)
      implements AutoCloseable {
    @Override public void close() {
      try {
        schema.close();
      } finally {
        config.close();
        models.forEach(ApiSchemaFactory.Opened::close);
      }
    }
  }

  /** Closes {@code opened} with the connection whose model created it; false outside a connect. */
  static boolean closeWithConnection(ApiSchemaFactory.Opened opened) {
    final List<ApiSchemaFactory.Opened> list = MODEL_APIS.get();
    return list != null && list.add(opened);
  }

  static {
    // Calcite compiles each new plan to Java; with its bindable cache, plans that generate the
    // same code (every plan that is one API request: the request itself is data) reuse one class
    // instead of a Janino compile per query. Read once, when Calcite first starts in this JVM.
    if (System.getProperty(BINDABLE_CACHE) == null) {
      System.setProperty(BINDABLE_CACHE, "1000");
    }
    unicodeDefaults(System.getProperties(), savedCalciteProperties()).forEach(System::setProperty);
    QuietLogging.defaults(System.getProperties(), StatXploreDriver.class.getClassLoader())
        .forEach(System.getProperties()::putIfAbsent);
    new StatXploreDriver().register();
  }

  /**
   * The system properties that make Calcite's character types and string literals UTF-16, if
   * nothing chose a charset or collation in any spelling Calcite reads (system properties or a
   * {@code saffron.properties} file); else none. Calcite's default, ISO-8859-1, cannot hold labels
   * such as {@code £0 – £100} or {@code Łódź}; it reads these properties once, when it first
   * starts in a class loader, and offers no other way to change them (Druid and HeavyDB set them
   * the same way). UTF-16 is Calcite's own name for Java's strings; as the default it is never
   * printed, so type names and SQL that Calcite writes are what they were.
   */
  static Map<String, String> unicodeDefaults(Properties system, Properties saved) {
    final List<String> keys = List.of("default.charset", "default.nationalcharset", "default.collation.name");
    for (String key : keys) {
      for (String prefix : List.of("calcite.", "saffron.", "net.sf.saffron.")) {
        if (system.getProperty(prefix + key) != null || saved.getProperty(prefix + key) != null) {
          return Map.of();
        }
      }
    }
    final String utf16 = ConversionUtil.NATIVE_UTF16_CHARSET_NAME;
    return Map.of("calcite." + keys.get(0), utf16, "calcite." + keys.get(1), utf16,
        "calcite." + keys.get(2), utf16 + "$en_US");
  }

  /** Why labels cannot all be filtered when Calcite's string literals are in {@code charset}; empty for a UTF. */
  static Optional<String> literalCharsetWarning(Charset charset) {
    return charset.newEncoder().canEncode("Ł–’") ? Optional.empty() : Optional.of("String literals can only hold "
        + charset + " characters: Calcite was started with that charset in this JVM (calcite.default.charset)"
        + " before the driver could choose UTF-16, so a label beyond it cannot be filtered with '='");
  }

  /** Calcite's {@code saffron.properties} file, found as Calcite finds it; empty if there is none. */
  private static Properties savedCalciteProperties() {
    final Properties p = new Properties();
    final ClassLoader context = Thread.currentThread().getContextClassLoader();
    try (InputStream in = (context != null ? context : StatXploreDriver.class.getClassLoader())
        .getResourceAsStream("saffron.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException | RuntimeException e) {
      // Calcite fails on such a file itself, when it starts.
    }
    return p;
  }

  public StatXploreDriver() {
    super();
  }

  @Override protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override protected String getFactoryClassName(JdbcVersion jdbcVersion) {
    return "org.apache.calcite.jdbc.StatXploreJdbcFactory";
  }

  @Override protected DriverVersion createDriverVersion() {
    return DriverVersion.load(StatXploreDriver.class, "io/statxplore/jdbc/driver.properties",
        "statxplore-jdbc", "0.1", "Stat-Xplore", "0.1");
  }

  /** Calcite's metadata, with names matched ignoring case as SQL matches them. */
  @Override public Meta createMeta(AvaticaConnection connection) {
    return StatXploreMeta.create((CalciteConnection) connection);
  }

  @Override public CalcitePrepare createPrepare() {
    return new EnginePrepare();
  }

  @Override public Connection connect(String url, Properties info) throws SQLException {
    if (url == null || !acceptsURL(url)) {
      return null;
    }
    final ConnectionConfig config;
    try {
      config = ConnectionConfig.parse(url.substring(PREFIX.length()), info, System::getenv,
          Path.of(System.getProperty("user.home")));
    } catch (RuntimeException e) {
      throw connectFailure(e, null);
    }
    CONNECTING.set(config);
    try {
      final Connection connection = super.connect(PREFIX + config.redactedTail(), config.calciteProperties());
      config.warnings().forEach(w -> StatXploreJdbcFactory.warn(connection, new SQLWarning(w, "01000")));
      literalCharsetWarning(Util.getDefaultCharset())
          .ifPresent(w -> StatXploreJdbcFactory.warn(connection, new SQLWarning(w, "01000")));
      return connection;
    } catch (SQLException | RuntimeException | Error e) {
      config.close();
      if (e instanceof VirtualMachineError v) {
        throw v;
      }
      throw connectFailure(e, config.calciteProperties().getProperty("model"));
    } finally {
      CONNECTING.remove();
    }
  }

  /**
   * A failure while the connection opened as an SQLException: its own where it has a SQLState
   * (a model's API schema wraps the settings error it met), else one naming the model or the
   * cause. Nothing of an inline model's text is kept, not even in the cause: it may hold a key.
   */
  private static SQLException connectFailure(Throwable e, String model) {
    Throwable root = e;
    for (Throwable c = e; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof SQLException s && s.getSQLState() != null) {
        return s;
      }
      root = c;
    }
    final String cause = root.getClass().getSimpleName();
    if (model == null) {
      return new SQLException("The connection could not be opened (" + cause + ": " + firstLine(root) + ")",
          "08001", e);
    }
    if (model.startsWith("inline:")) {
      return new SQLException("The inline model could not be loaded (" + cause + ")", "08001");
    }
    return new SQLException("model " + model + " could not be loaded (" + cause + ": " + firstLine(root) + ")",
        "08001", e);
  }

  private static String firstLine(Throwable t) {
    return String.valueOf(t.getMessage()).lines().findFirst().orElse("");
  }

  /** The emulator a {@code demo=true} connection started, or null. */
  static DemoServer demoServer(Connection connection) throws SQLException {
    final Open open = OPEN.get(connection.unwrap(AvaticaConnection.class));
    return open == null ? null : open.config().demo();
  }

  @Override protected Handler createHandler() {
    final Handler calcite = super.createHandler();
    return new HandlerImpl() {
      @Override public void onConnectionInit(AvaticaConnection connection) throws SQLException {
        final List<ApiSchemaFactory.Opened> models = new ArrayList<>();
        MODEL_APIS.set(models);
        try {
          calcite.onConnectionInit(connection);
        } catch (SQLException | RuntimeException e) {
          models.forEach(ApiSchemaFactory.Opened::close);
          throw e;
        } finally {
          MODEL_APIS.remove();
        }
        final ConnectionConfig config = CONNECTING.get();
        final CalciteConnection c = (CalciteConnection) connection;
        final SqlParserImplFactory parser =
            c.config().parserFactory(SqlParserImplFactory.class, SqlParserImpl.FACTORY);
        final AdapterContext context = config.adapterContext(parser);
        final ApiAdapter adapter = config.factory().create(context);
        final AdapterSchema schema = new AdapterSchema(adapter, context.limits().parallelism());
        OPEN.put(connection, new Open(schema, config, models));
        final Duration timeout = config.timeout();
        StatXploreJdbcFactory.checkValidityWith(connection, seconds -> ServerProbe.answers(config.baseUrl(),
            seconds == 0 ? timeout : Duration.ofSeconds(seconds)));
        StatXploreJdbcFactory.productVersionFrom(connection, adapter::productVersion);
        c.getRootSchema().add(config.schemaName(), schema);
        if (c.config().model() == null) {
          c.setSchema(config.schemaName());
        }
      }

      @Override public void onConnectionClose(AvaticaConnection connection) {
        final Open open = OPEN.remove(connection);
        if (open != null) {
          open.close();
        }
        calcite.onConnectionClose(connection);
      }
    };
  }

  /**
   * The driver's properties, then the settings of the connection's {@code api}, each with its
   * value as the URL (first) and {@code info} give it, names matched ignoring case, else its
   * default for that api (e.g. its base URL and schema). A secret's value is {@code ***}, and every
   * secret given is redacted from the other values.
   */
  @Override public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    final Properties merged = ConnectionConfig.parseTail(url != null && url.startsWith(PREFIX)
        ? url.substring(PREFIX.length()) : "", info);
    final Map<String, String> given = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    merged.stringPropertyNames().forEach(n -> given.put(n.strip(), merged.getProperty(n)));
    final Secrets secrets = ConnectionConfig.secrets(merged);
    final AdapterFactory factory = Adapters.find(given.getOrDefault(DriverProperty.API.key(), "").strip())
        .or(() -> Adapters.find(Adapters.DEFAULT_API)).orElseThrow();
    final Map<String, String> settings = new HashMap<>(AdapterContext.defaults(factory.settings()));
    factory.settings().stream().filter(s -> !s.secret() && given.containsKey(s.name()))
        .forEach(s -> settings.put(s.name(), given.get(s.name())));
    final List<DriverPropertyInfo> properties = new ArrayList<>();
    for (DriverProperty p : DriverProperty.values()) {
      final String byApi = switch (p) {
        case API -> factory.api();
        case URL -> baseUrl(factory, settings);
        case SCHEMA -> factory.defaultSchema();
        default -> p.defaultValue();
      };
      properties.add(info(p.key(), shown(given.get(p.key()), byApi, p.secret(), secrets), p.description(),
          List.of(p.choices())));
    }
    for (Setting s : factory.settings()) {
      properties.add(info(s.name(), shown(given.get(s.name()), s.defaultValue(), s.secret(), secrets),
          factory.api() + ": " + s.description(), s.choices()));
    }
    return properties.toArray(DriverPropertyInfo[]::new);
  }

  /** The adapter's base URL for these settings; its default where a setting is not allowed (connecting says why). */
  private static String baseUrl(AdapterFactory factory, Map<String, String> settings) {
    try {
      return factory.baseUrl(settings);
    } catch (IllegalArgumentException e) {
      return factory.defaultUrl();
    }
  }

  private static @Nullable String shown(@Nullable String given, @Nullable String defaultValue, boolean secret,
      Secrets secrets) {
    if (given == null) {
      return defaultValue;
    }
    // A secret's own toString() is its mask.
    return secret && !given.isBlank() ? Secret.of(given).toString() : secrets.redact(given);
  }

  private static DriverPropertyInfo info(String name, @Nullable String value, String description,
      List<String> choices) {
    final DriverPropertyInfo i = new DriverPropertyInfo(name, value);
    i.description = description;
    i.choices = choices.isEmpty() ? null : choices.toArray(String[]::new);
    return i;
  }
}
