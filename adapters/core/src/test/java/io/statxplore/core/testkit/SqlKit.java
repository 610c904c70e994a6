package io.statxplore.core.testkit;

import io.statxplore.core.cube.CubeAdapter;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.engine.AdapterSchema;
import io.statxplore.core.engine.EnginePrepare;
import io.statxplore.core.engine.PlannerSettings;
import io.statxplore.core.engine.Runner;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.Secret;
import io.statxplore.core.http.Secrets;
import io.statxplore.core.record.RecordAdapter;
import io.statxplore.core.record.RecordQuery;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.RequestLimits;

import okhttp3.HttpUrl;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * SQL over one adapter, planned as the driver plans it ({@link PlannerSettings#CALCITE},
 * {@link EnginePrepare}), with what the adapter was asked recorded: a module's tests of its own
 * SQL behaviour without the driver.
 *
 * <pre>{@code
 * SqlKit.over(adapter).query("SELECT region, SUM(n) AS n FROM t GROUP BY region")
 *     .returnsUnordered("region=North; n=21.0", "region=South; n=41.0")
 *     .sentOnce(q -> assertEquals(1, q.dimensions().size()));
 * }</pre>
 *
 * <p>Requests are recorded where the engine hands them to the adapter ({@link CubeQuery},
 * {@link RecordQuery}), or read from a log the test names ({@link #requestLog}), e.g. an
 * emulator's. The kit's connection stays open until {@link #close()}, which closes the adapter.
 *
 * @param <R> what one recorded request is
 */
public final class SqlKit<R> implements AutoCloseable {
  /** The schema of a kit over an adapter; one from a factory uses the factory's default schema. */
  public static final String SCHEMA = "s";

  private final ApiAdapter adapter;
  private final String schema;
  private final int parallelism;
  private final Supplier<List<R>> requests;
  private final Runnable clearRequests;
  private final List<Connection> opened = new CopyOnWriteArrayList<>();
  /** The warnings of the plan prepared last on one of this kit's connections. */
  private volatile List<String> warnings = List.of();
  private @Nullable Connection connection;

  private SqlKit(ApiAdapter adapter, String schema, int parallelism, Supplier<List<R>> requests,
      Runnable clearRequests) {
    this.adapter = adapter;
    this.schema = schema;
    this.parallelism = parallelism;
    this.requests = requests;
    this.clearRequests = clearRequests;
  }

  /** SQL over a cube adapter, recording each {@link CubeQuery} the engine asks it to execute. */
  public static SqlKit<CubeQuery> over(CubeAdapter adapter) {
    final List<CubeQuery> log = new CopyOnWriteArrayList<>();
    return new SqlKit<>(Recording.cube(adapter, log::add), SCHEMA, adapter.limits().parallelism(),
        () -> List.copyOf(log), log::clear);
  }

  /** SQL over a record adapter, recording each {@link RecordQuery} the engine asks it to execute. */
  public static SqlKit<RecordQuery> over(RecordAdapter adapter) {
    final List<RecordQuery> log = new CopyOnWriteArrayList<>();
    return new SqlKit<>(Recording.record(adapter, log::add), SCHEMA, RequestLimits.DEFAULT.parallelism(),
        () -> List.copyOf(log), log::clear);
  }

  /** SQL over {@code adapter}, recording what it is asked if it is a cube or record adapter. */
  private static SqlKit<Object> recorded(ApiAdapter adapter, String schema, int parallelism) {
    final List<Object> log = new CopyOnWriteArrayList<>();
    final ApiAdapter recorded = adapter instanceof CubeAdapter c ? Recording.cube(c, log::add)
        : adapter instanceof RecordAdapter r ? Recording.record(r, log::add) : adapter;
    return new SqlKit<>(recorded, schema, parallelism, () -> List.copyOf(log), log::clear);
  }

  /** The adapter {@code factory} creates for a connection to {@code url}, its settings set with {@link Options}. */
  public static Options open(AdapterFactory factory, String url) {
    return new Options(factory, url);
  }

  /** The same adapter and connection, with requests read from {@code log} and cleared by {@code clear}. */
  public <T> SqlKit<T> requestLog(Supplier<? extends List<? extends T>> log, Runnable clear) {
    return new SqlKit<>(adapter, schema, parallelism, () -> List.copyOf(log.get()), clear);
  }

  /**
   * The kit's connection: plain JDBC, the adapter's tables (and functions) in the default schema,
   * {@link #SCHEMA} or the factory's. Opened on first use and closed by {@link #close()}; do not close it.
   */
  public synchronized Connection connection() throws SQLException {
    if (connection == null) {
      connection = newConnection();
    }
    return connection;
  }

  private Connection newConnection() throws SQLException {
    final Properties properties = new Properties();
    properties.putAll(PlannerSettings.CALCITE);
    final Connection c = new Driver().withPrepareFactory(ObservedPrepare::new).connect("jdbc:calcite:", properties);
    final CalciteConnection calcite = c.unwrap(CalciteConnection.class);
    // Not closed with the connection: the adapter is the kit's, closed once by close().
    calcite.getRootSchema().add(schema, new AdapterSchema(adapter, parallelism));
    calcite.setSchema(schema);
    opened.add(c);
    return c;
  }

  /** The kit's connection, closing the kit when it closes: for a test that only needs JDBC. */
  public Connection owningConnection() throws SQLException {
    final Connection c = connection();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            close();
            return null;
          }
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** A check of {@code sql}, run on this kit's connection when first asked for its result. */
  public QueryCheck<R> query(String sql) {
    return new QueryCheck<>(this, sql);
  }

  /** The requests recorded since the last {@link #clearRequests()}, in the order sent. */
  public List<R> requests() {
    return requests.get();
  }

  public void clearRequests() {
    clearRequests.run();
  }

  /**
   * The warnings of the plan prepared last on one of this kit's connections: what the driver's
   * {@code Statement.getWarnings()} reports for it (e.g. a sum of perturbed cells computed locally).
   */
  public List<String> warnings() {
    return warnings;
  }

  @Override public void close() throws SQLException {
    try {
      for (Connection c : opened) {
        c.close();
      }
    } finally {
      adapter.close();
    }
  }

  /**
   * The SQLState the driver reports for {@code e}: that of the API failure it was caused by
   * ({@link ApiException#find}), else its own if it is an {@link SQLException}. (Calcite lets an
   * API failure found while rows are read escape as it is; the driver wraps it.)
   */
  public static @Nullable String sqlState(Throwable e) {
    final ApiException api = ApiException.find(e);
    return api != null ? api.kind().sqlState() : e instanceof SQLException s ? s.getSQLState() : null;
  }

  /** The message the driver reports for {@code e}: the API failure's own, else its own. */
  public static String message(Throwable e) {
    final ApiException api = ApiException.find(e);
    return String.valueOf(api != null ? api.getMessage() : e.getMessage());
  }

  /** The engine's preparation, noting the warnings of each plan it prepares as the driver reads them. */
  private final class ObservedPrepare extends EnginePrepare {
    @Override public <T> CalciteSignature<T> prepareSql(Context context, Query<T> query, Type elementType,
        long maxRowCount) {
      final CalciteSignature<T> signature = super.prepareSql(context, query, elementType, maxRowCount);
      final List<String> noted = new ArrayList<>();
      signature.internalParameters.values().forEach(v -> {
        if (v instanceof Runner r) {
          noted.addAll(r.warnings());
        }
      });
      warnings = List.copyOf(noted);
      return signature;
    }
  }

  /** What a connection gives the adapter: the URL, a key, settings, limits, timeout and retries, by default the driver's. */
  public static final class Options {
    private final AdapterFactory factory;
    private final HttpUrl url;
    private @Nullable Secret key;
    private RequestLimits limits = RequestLimits.DEFAULT;
    private Duration timeout = Duration.ofSeconds(60);
    private int retries = 3;
    private final Map<String, String> settings = new HashMap<>();
    private final Map<String, Secret> secretSettings = new HashMap<>();

    private Options(AdapterFactory factory, String url) {
      this.factory = factory;
      this.url = HttpUrl.get(url);
      settings.putAll(AdapterContext.defaults(factory.settings()));
    }

    public Options key(String key) {
      this.key = Secret.of(key);
      return this;
    }

    /** One of the factory's declared settings; refused if it declares none of that name. */
    public Options set(String name, String value) {
      final boolean secret = factory.settings().stream().filter(s -> s.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(factory.api() + " declares no setting " + name)).secret();
      if (secret) {
        secretSettings.put(name, Secret.of(value));
      } else {
        settings.put(name, value);
      }
      return this;
    }

    public Options limits(RequestLimits limits) {
      this.limits = limits;
      return this;
    }

    public Options timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Options retries(int retries) {
      this.retries = retries;
      return this;
    }

    /** The context as a connection would give it. */
    private AdapterContext context() {
      return new AdapterContext(url, key, factory.keyTransport(), null, timeout, retries, limits,
          PlannerSettings.parserFactory(), null, settings, secretSettings, Secrets.NONE);
    }

    /** The kit over the adapter the factory creates, recording each {@code CubeQuery} or {@code RecordQuery} it is asked. */
    public SqlKit<Object> kit() {
      return recorded(factory.create(context()), factory.defaultSchema(), limits.parallelism());
    }

    /** A connection over the adapter, which closes the adapter when it closes. */
    public Connection connect() throws SQLException {
      return kit().owningConnection();
    }
  }
}
