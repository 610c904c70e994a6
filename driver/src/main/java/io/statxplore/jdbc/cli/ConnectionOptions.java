package io.statxplore.jdbc.cli;

import io.statxplore.jdbc.ApiSession;
import io.statxplore.jdbc.StatXploreDriver;

import org.apache.calcite.avatica.ConnectStringParser;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options every command takes to reach the API: a driver URL, the demo emulator, the key
 * or its file. They override what the URL says. The key is held only to pass it on and to
 * remove it from messages.
 */
final class ConnectionOptions {
  private static final Set<String> SECRETS = Set.of("apikey", "password");

  @Option(names = "--url", paramLabel = "JDBC_URL", scope = ScopeType.INHERIT,
      description = "Driver URL, e.g. jdbc:statxplore:url=https://…;language=en (default: Stat-Xplore)")
  String url = StatXploreDriver.PREFIX;

  @Option(names = "--demo", scope = ScopeType.INHERIT,
      description = "Use the bundled Stat-Xplore emulator on this machine: no key, no network")
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
      throw new SQLException("--url must start with " + StatXploreDriver.PREFIX + ", not '" + redact(url) + "'");
    }
    final Properties p = ConnectStringParser.parse(url.substring(StatXploreDriver.PREFIX.length()));
    if (demo) {
      p.setProperty("demo", "true");
    }
    if (apiKey != null || apiKeyPath != null) {
      p.stringPropertyNames().stream().filter(n -> SECRETS.contains(n.toLowerCase(Locale.ROOT))).forEach(p::remove);
    }
    if (apiKey != null) {
      p.setProperty("apiKey", apiKey);
    } else if (apiKeyPath != null) {
      p.setProperty("apiKeyFile", apiKeyPath.toString());
    }
    return p;
  }

  Connection connect() throws SQLException {
    return new StatXploreDriver().connect(StatXploreDriver.PREFIX, properties());
  }

  ApiSession api() throws SQLException {
    return ApiSession.open(StatXploreDriver.PREFIX, properties());
  }

  /** The URL without key, quoted so the driver reads it back, for tools that print their URL. */
  String urlWithoutKey() throws SQLException {
    final Properties p = properties();
    return StatXploreDriver.PREFIX + p.stringPropertyNames().stream().sorted()
        .filter(n -> !SECRETS.contains(n.toLowerCase(Locale.ROOT)))
        .map(n -> n + "='" + p.getProperty(n).replace("'", "''") + "'")
        .collect(Collectors.joining(";"));
  }

  /** The key given by -k or in the URL, or null (a key file is read by the driver). */
  String key() throws SQLException {
    final Properties p = properties();
    return p.stringPropertyNames().stream().filter(n -> SECRETS.contains(n.toLowerCase(Locale.ROOT)))
        .map(p::getProperty).findFirst().orElse(null);
  }

  /** {@code text} without the key given on the command line or in the URL. */
  String redact(String text) {
    String out = text;
    if (apiKey != null && !apiKey.isBlank()) {
      out = out.replace(apiKey.strip(), "***");
    }
    try {
      final Properties p = ConnectStringParser.parse(url.startsWith(StatXploreDriver.PREFIX)
          ? url.substring(StatXploreDriver.PREFIX.length()) : url);
      for (String n : p.stringPropertyNames()) {
        if (SECRETS.contains(n.toLowerCase(Locale.ROOT)) && !p.getProperty(n).isBlank()) {
          out = out.replace(p.getProperty(n).strip(), "***");
        }
      }
    } catch (SQLException e) {
      // An unparsable URL holds no key the driver would have used.
    }
    return out;
  }
}
