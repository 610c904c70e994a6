package io.statxplore.core.spi;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A place where a connection's API key may be found. An adapter lists them in the order its
 * ecosystem's own client reads them ({@link AdapterFactory#keySources()}); the first that holds a
 * key gives it.
 */
public sealed interface KeySource {
  /**
   * The driver's properties that hold a key or name its file, in that order: {@code apiKey}, the
   * JDBC password, {@code apiKeyFile}.
   */
  List<KeySource> GIVEN = List.of(new Property("apiKey"), new Property("password"), new PropertyFile("apiKeyFile"));

  /** A connection property whose value is the key. */
  record Property(String name) implements KeySource {
    public Property {
      requireNonNull(name, "name");
    }
  }

  /** A connection property naming a file that holds the key; named but unreadable, the connection is refused. */
  record PropertyFile(String name) implements KeySource {
    public PropertyFile {
      requireNonNull(name, "name");
    }
  }

  /** A file that may hold the key: {@code ~/} is the user's home, a relative path the working directory's. */
  record File(String path) implements KeySource {
    public File {
      requireNonNull(path, "path");
    }
  }

  /**
   * An environment variable that may hold the key.
   *
   * @param select the key its value holds for the API at a base URL, or null if none (e.g. a
   *     value keyed by platform); by default the whole value
   */
  record Environment(String variable, Selector select) implements KeySource {
    public Environment {
      requireNonNull(variable, "variable");
      requireNonNull(select, "select");
    }

    public Environment(String variable) {
      this(variable, (value, baseUrl) -> value);
    }
  }

  /** Picks the key an environment variable's value holds for one API. */
  @FunctionalInterface
  interface Selector {
    @Nullable String key(String value, String baseUrl);
  }

  /** How this source is named in a message that lists where a key was looked for. */
  default String describe() {
    if (this instanceof Property p) {
      return p.name().equals("password") ? "the password" : p.name();
    }
    if (this instanceof PropertyFile f) {
      return f.name();
    }
    return this instanceof File f ? f.path() : ((Environment) this).variable();
  }
}
