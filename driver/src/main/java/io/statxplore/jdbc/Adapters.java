package io.statxplore.jdbc;

import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.KeySource;
import io.statxplore.core.spi.Setting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The adapters on the class path ({@link ServiceLoader}) and what they declare: the choices of
 * {@code api}, the settings beside the driver's own, and which properties hold a secret.
 */
public final class Adapters {
  /** The {@code api} of a connection that names none: Stat-Xplore is what the driver is for. */
  static final String DEFAULT_API = "superstar";

  /** The default's first, then by name. */
  private static final List<AdapterFactory> ALL = ServiceLoader.load(AdapterFactory.class,
      Adapters.class.getClassLoader()).stream().map(ServiceLoader.Provider::get)
      .sorted(Comparator.comparing((AdapterFactory f) -> !f.api().equals(DEFAULT_API))
          .thenComparing(AdapterFactory::api))
      .toList();

  private Adapters() {
  }

  /** The adapters, the default's first. */
  public static List<AdapterFactory> all() {
    return ALL;
  }

  /** The factory whose {@code api} is {@code api}, ignoring case. */
  static Optional<AdapterFactory> find(String api) {
    return ALL.stream().filter(f -> f.api().equalsIgnoreCase(api.strip())).findFirst();
  }

  /** The choices of {@code api}. */
  static List<String> names() {
    return ALL.stream().map(AdapterFactory::api).toList();
  }

  /** The setting named {@code name} (ignoring case) and the adapters that declare it, if any does. */
  static List<AdapterFactory> declaring(String name) {
    return ALL.stream().filter(f -> f.settings().stream().anyMatch(s -> s.name().equalsIgnoreCase(name.strip())))
        .toList();
  }

  /** Every adapter's settings, in adapter order, each name once. */
  static List<Setting> settings() {
    final List<Setting> settings = new ArrayList<>();
    final Set<String> seen = new LinkedHashSet<>();
    ALL.forEach(f -> f.settings().stream().filter(s -> seen.add(s.name().toLowerCase(Locale.ROOT)))
        .forEach(settings::add));
    return settings;
  }

  /**
   * The properties whose misspelling would silently drop a key, in the order a message suggests
   * them: those the adapters read a key or its file from (the password last), then their secret
   * settings.
   */
  static List<String> keyProperties() {
    final Set<String> names = new LinkedHashSet<>();
    ALL.stream().flatMap(f -> f.keySources().stream()).forEach(source -> {
      if (source instanceof KeySource.Property p && !p.name().equals("password")) {
        names.add(p.name());
      } else if (source instanceof KeySource.PropertyFile p) {
        names.add(p.name());
      }
    });
    settings().stream().filter(Setting::secret).forEach(s -> names.add(s.name()));
    names.add("password");
    return List.copyOf(names);
  }

  /**
   * Whether property {@code name} holds a secret, whether the connection uses it or not: the
   * driver's {@code apiKey}, the JDBC password, and every adapter's secret settings. Their values
   * are redacted from every text and never shown.
   */
  public static boolean isSecret(String name) {
    final String n = name.strip();
    return Stream.concat(Stream.of("password"), DriverProperty.secrets())
        .anyMatch(n::equalsIgnoreCase) || settings().stream().anyMatch(s -> s.secret() && s.name().equalsIgnoreCase(n));
  }

  /** Whether property {@code name} gives the API key or names its file ({@code apiKey}, {@code apiKeyFile}, ...). */
  public static boolean givesKey(String name) {
    return ALL.stream().flatMap(f -> f.keySources().stream()).anyMatch(source ->
        source instanceof KeySource.Property p && p.name().equalsIgnoreCase(name.strip())
            || source instanceof KeySource.PropertyFile f && f.name().equalsIgnoreCase(name.strip()));
  }
}
