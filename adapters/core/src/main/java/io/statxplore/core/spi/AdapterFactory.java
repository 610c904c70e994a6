package io.statxplore.core.spi;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.Optional;

/**
 * Creates the adapter of one API kind; found through {@link java.util.ServiceLoader}, chosen by
 * the connection's {@code api} property.
 */
public interface AdapterFactory {
  /** The value of the {@code api} property that selects this adapter, e.g. {@code superstar}. */
  String api();

  /** The base URL used when the connection gives none. */
  String defaultUrl();

  /** The schema the tables appear in when the connection names none. */
  String defaultSchema();

  /** Environment variable that may hold the key. */
  String keyEnvironmentVariable();

  /** Files that may hold the key, tried in order ({@code ~} is the user's home). */
  List<String> defaultKeyFiles();

  ApiAdapter create(AdapterContext context);

  /**
   * The base URL of a named platform (property {@code platform}); empty if the API has none.
   *
   * @throws IllegalArgumentException if {@code platform} is not a platform name of this API
   */
  default Optional<String> platformUrl(String platform) {
    return Optional.empty();
  }

  /**
   * The key in the value of {@link #keyEnvironmentVariable()} for {@code baseUrl}, or null if it
   * holds none for it; by default the whole value.
   */
  default @Nullable String keyFromEnvironment(String value, String baseUrl) {
    return value;
  }

  /** Whether {@link #defaultKeyFiles()} are read before the environment variable. */
  default boolean keyFilesBeforeEnvironment() {
    return false;
  }

  /** Starts this API's bundled emulator on loopback ({@code demo=true}); empty if it has none. */
  default Optional<DemoServer> startDemo() {
    return Optional.empty();
  }
}
