package io.statxplore.core.spi;

import io.statxplore.core.http.KeyTransport;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the adapter of one API kind, and declares what a connection to it may set; found
 * through {@link java.util.ServiceLoader} (a module lists its factory in
 * {@code META-INF/services/io.statxplore.core.spi.AdapterFactory}), chosen by the connection's
 * {@code api} property. The driver's property list, key resolution, redaction and command line
 * follow from these declarations, so a new API touches no other module.
 */
public interface AdapterFactory {
  /** The value of the {@code api} property that selects this adapter, e.g. {@code superstar}. */
  String api();

  /** Which services it serves, for the {@code api} property's description, e.g. {@code any OpenDataSoft portal}. */
  String description();

  /** The base URL used when the connection gives none. */
  String defaultUrl();

  /**
   * The base URL when the connection gives no {@code url}: {@link #defaultUrl()}, or one the
   * adapter's settings name (e.g. a platform). Called whether or not {@code url} is given, so
   * that a bad setting is refused either way.
   *
   * @param settings the values of {@link #settings()} the connection gives, by name
   * @throws IllegalArgumentException naming the setting whose value is not allowed, and why
   */
  default String baseUrl(Map<String, String> settings) {
    return defaultUrl();
  }

  /** The schema the tables appear in when the connection names none. */
  String defaultSchema();

  /** The connection properties this adapter reads beside the driver's own. */
  default List<Setting> settings() {
    return List.of();
  }

  /**
   * Where the API key may be found, in the order they are tried: usually
   * {@link KeySource#GIVEN}, then the environment variable and files of the API's own client.
   */
  List<KeySource> keySources();

  /** How the API takes the key. */
  KeyTransport keyTransport();

  ApiAdapter create(AdapterContext context);

  /** Starts this API's bundled emulator on loopback ({@code demo=true}); empty if it has none. */
  default Optional<DemoServer> startDemo() {
    return Optional.empty();
  }

  /**
   * The command-line tool's commands that call this API directly: picocli command objects (each
   * annotated {@code @Command}), which reach the API and the tool's output through {@code host}.
   * They should not need the SQL planner: the tool starts them without it.
   */
  default List<Object> commands(CommandHost host) {
    return List.of();
  }
}
