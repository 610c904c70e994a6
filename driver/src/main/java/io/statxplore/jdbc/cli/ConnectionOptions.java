package io.statxplore.jdbc.cli;

import io.statxplore.core.http.Secret;
import io.statxplore.core.http.Secrets;
import io.statxplore.jdbc.Adapters;
import io.statxplore.jdbc.ApiSession;
import io.statxplore.jdbc.StatXploreDriver;

import org.apache.calcite.avatica.ConnectStringParser;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The options every command takes to reach the API: a driver URL, the demo emulator, the key
 * or its file. They override what the URL says. The secrets are held only to pass them on and to
 * remove them from messages; the URL itself is never echoed, as it may hold them.
 */
final class ConnectionOptions {
  @Option(names = "--url", paramLabel = "JDBC_URL", scope = ScopeType.INHERIT,
      description = "Driver URL, e.g. jdbc:statxplore:url=https://…;language=en (default: Stat-Xplore)")
  String url = StatXploreDriver.PREFIX;

  @Option(names = "--demo", scope = ScopeType.INHERIT,
      description = "Use the bundled emulator of the URL's api (Stat-Xplore's by default) on this machine: no key,"
          + " no network")
  boolean demo;

  @Option(names = {"-k", "--api_key"}, paramLabel = "KEY", scope = ScopeType.INHERIT,
      description = "API key (default: STATXPLORE_API_KEY, ~/.statxplore/apikey, ~/configs/stat_explore.txt)")
  String apiKey;

  @Option(names = {"-p", "--api_key_path"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "File holding the API key")
  Path apiKeyPath;

  /** The driver properties: the URL's settings with the command-line options applied. */
  Properties properties() throws SQLException {
    if (!url.startsWith(StatXploreDriver.PREFIX)) {
      throw new SQLException("--url must start with " + StatXploreDriver.PREFIX, "08001");
    }
    final Properties p = parse(url.substring(StatXploreDriver.PREFIX.length()));
    if (demo) {
      p.setProperty("demo", "true");
    }
    if (apiKey != null || apiKeyPath != null) {
      p.stringPropertyNames().stream().filter(Adapters::givesKey).forEach(p::remove);
    }
    if (apiKey != null) {
      p.setProperty("apiKey", apiKey);
    } else if (apiKeyPath != null) {
      p.setProperty("apiKeyFile", apiKeyPath.toString());
    }
    return p;
  }

  /** A URL's settings; a malformed one is refused without being shown. */
  private static Properties parse(String tail) throws SQLException {
    try {
      return ConnectStringParser.parse(tail);
    } catch (SQLException e) {
      throw new SQLException("--url is malformed: a quoted value is not closed, or text follows its closing quote"
          + " (the URL is not shown, as it may hold a key)", "08001");
    }
  }

  Connection connect() throws SQLException {
    return new StatXploreDriver().connect(StatXploreDriver.PREFIX, properties());
  }

  ApiSession api() throws SQLException {
    return ApiSession.open(StatXploreDriver.PREFIX, properties());
  }

  /** The URL without its secrets, quoted so the driver reads it back, for tools that show their URL. */
  String urlWithoutSecrets() throws SQLException {
    final Properties p = properties();
    return StatXploreDriver.PREFIX + p.stringPropertyNames().stream().sorted()
        .filter(n -> !Adapters.isSecret(n))
        .map(n -> n + "='" + p.getProperty(n).replace("'", "''") + "'")
        .collect(Collectors.joining(";"));
  }

  /** The secrets the connection takes ({@link Adapters#isSecret}). */
  Properties secrets() throws SQLException {
    final Properties p = properties();
    final Properties secrets = new Properties();
    p.stringPropertyNames().stream().filter(Adapters::isSecret)
        .forEach(n -> secrets.setProperty(n, p.getProperty(n)));
    return secrets;
  }

  /**
   * {@code text} without the secrets given on the command line or in the URL, by the driver's
   * one rule ({@link Secrets}): each whole value, and each key of a list of {@code name:key}
   * pairs (a push key per dataset), wherever it stands as a whole token.
   */
  String redact(String text) {
    final List<Secret> secrets = new ArrayList<>();
    if (apiKey != null && !apiKey.isBlank()) {
      secrets.add(Secret.of(apiKey));
    }
    try {
      final Properties p = parse(url.startsWith(StatXploreDriver.PREFIX)
          ? url.substring(StatXploreDriver.PREFIX.length()) : url);
      p.stringPropertyNames().stream().filter(Adapters::isSecret).map(p::getProperty)
          .filter(v -> !v.isBlank()).forEach(v -> secrets.add(Secret.of(v)));
    } catch (SQLException e) {
      // A malformed URL is never shown, nor used to connect.
    }
    return Secrets.of(secrets.toArray(Secret[]::new)).redact(text);
  }
}
