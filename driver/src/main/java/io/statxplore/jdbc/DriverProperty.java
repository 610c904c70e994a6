package io.statxplore.jdbc;

import java.util.Arrays;
import java.util.Optional;

/**
 * The connection properties of {@code jdbc:statxplore:} (DESIGN §4), with the descriptions tools
 * such as DBeaver show in their driver-properties grid. Names match ignoring case.
 */
public enum DriverProperty {
  API("api", "Which kind of API to query: superstar (Stat-Xplore, STATcube, any SuperSTAR Open Data API)"
      + " or opendatasoft (any OpenDataSoft portal)", "superstar", "superstar", "opendatasoft"),
  URL("url", "Base URL of the API, e.g. https://stat-xplore.dwp.gov.uk/webapi/rest/v1", null),
  API_KEY("apiKey", "API key (also read from the JDBC password property). Never shown in URLs, logs or messages", null),
  API_KEY_FILE("apiKeyFile", "File holding the API key; default ~/.statxplore/apikey, then ~/configs/stat_explore.txt", null),
  SCHEMA("schema", "Schema the API's tables appear in; default statxplore", null),
  LANGUAGE("language", "Accept-Language for labels, e.g. en or de; default: the server's", null),
  TIMEOUT("timeout", "Per-request timeout in seconds", "60"),
  RETRIES("retries", "How often a connection failure, HTTP 502/503/504 or read timeout is retried", "3"),
  MAX_CELLS_PER_REQUEST("maxCellsPerRequest", "Cells above which a request is split into several", "1000000"),
  PARALLELISM("parallelism", "Requests of a split query in flight at once", "4"),
  MAX_CELLS("maxCells", "Cells above which a query is refused rather than split", "50000000"),
  CACHE_DIR("cacheDir", "Directory keeping metadata answers between connections and runs; none by default", null),
  CACHE_TTL("cacheTtl", "How long a cached metadata answer is used before it is revalidated, e.g. 24h, 30m, 0s", "24h"),
  ALLOW_INSECURE_HTTP("allowInsecureHttp",
      "Allow http:// to a host other than this machine (the API key would travel in clear)", "false",
      "true", "false"),
  MODEL("model", "Path of a Calcite model JSON adding local tables and other sources to the connection", null),
  PLATFORM("platform", "opendatasoft: platform id giving url=https://<platform>.opendatasoft.com", null),
  ENFORCE_API_KEY("enforceApiKey", "true: fail to connect when no API key is found", "false", "true", "false"),
  PUSH_KEY("pushKey", "opendatasoft: realtime push key for INSERT: one key, or dataset_id:key pairs separated by"
      + " commas. Never shown", null),
  DEMO("demo", "true: start the API's bundled emulator on this machine and connect to it (no key, no network)",
      "false", "true", "false");

  private final String key;
  private final String description;
  private final String defaultValue;
  private final String[] choices;

  DriverProperty(String key, String description, String defaultValue, String... choices) {
    this.key = key;
    this.description = description;
    this.defaultValue = defaultValue;
    this.choices = choices;
  }

  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String[] choices() {
    return choices.clone();
  }

  /** The property named {@code name}, ignoring case. */
  public static Optional<DriverProperty> of(String name) {
    return Arrays.stream(values()).filter(p -> p.key.equalsIgnoreCase(name.strip())).findFirst();
  }
}
