package io.statxplore.jdbc;

import java.io.IOException;
import java.util.Properties;

/**
 * The driver logs through SLF4J to whatever binding its host has, and says nothing where the host
 * has none: SLF4J would print three lines on stderr about it when the driver (or Calcite) first
 * logs, in every program that merely loads the driver.
 */
final class QuietLogging {
  /** SLF4J's own system property for the level of its internal reports (2.0.10 on). */
  static final String VERBOSITY = "slf4j.internal.verbosity";

  private QuietLogging() {
  }

  /**
   * The system property that keeps SLF4J quiet about a missing binding, if {@code loader} sees no
   * binding (neither an SLF4J 2 provider nor an SLF4J 1 binder) and nothing chose SLF4J's
   * reporting or provider; else none. It only lowers SLF4J's own reports, never a log line.
   */
  static Properties defaults(Properties system, ClassLoader loader) {
    final Properties defaults = new Properties();
    if (system.getProperty(VERBOSITY) == null && system.getProperty("slf4j.provider") == null
        && !hasBinding(loader)) {
      defaults.setProperty(VERBOSITY, "ERROR");
    }
    return defaults;
  }

  /** Read as resources, so that no class of an SLF4J 1 or 2 API is loaded (the host's may be either). */
  private static boolean hasBinding(ClassLoader loader) {
    try {
      return loader.getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider").hasMoreElements()
          || loader.getResource("org/slf4j/impl/StaticLoggerBinder.class") != null;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }
}
