package io.statxplore.protari;

import io.statxplore.core.http.ApiException;
import io.statxplore.core.testkit.SqlKit;
import io.statxplore.protari.emulator.ProtariEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Rows as text, each as its values joined by commas ({@code null} for NULL, whole numbers without
 * a fraction), sorted: the emulator's own answer to an API query, and SQL's answer through a
 * {@link SqlKit}'s connection, so that the two compare.
 */
final class EmulatorAnswers {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private EmulatorAnswers() {
  }

  /**
   * The rows of {@code /datasets/<dataset>/aggregation?<query>} (the query unencoded, as the
   * guide writes it), sorted; asked directly, past the driver.
   */
  static List<String> rows(ProtariEmulator emulator, String dataset, String query, String key) throws Exception {
    final List<String> params = new ArrayList<>();
    for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
      final int eq = pair.indexOf('=');
      params.add(pair.substring(0, eq) + "=" + URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8)
          .replace("+", "%20"));
    }
    final URI uri = URI.create(emulator.baseUrl() + "/datasets/" + dataset + "/aggregation"
        + (params.isEmpty() ? "" : "?" + String.join("&", params)));
    final HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Protari key=" + key)
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError(uri + " answered " + r.statusCode() + ": " + r.body());
    }
    final JsonNode answer = MAPPER.readTree(r.body());
    return StreamSupport.stream(answer.get("values").spliterator(), false)
        .map(row -> StreamSupport.stream(row.spliterator(), false).map(EmulatorAnswers::text)
            .collect(Collectors.joining(",")))
        .sorted().toList();
  }

  /**
   * The rows of {@code sql} on the kit's connection; a failure while reading is the
   * {@code SQLException} the driver makes of it.
   */
  static List<String> rows(SqlKit<?> kit, String sql) throws SQLException {
    try {
      return read(kit, sql);
    } catch (RuntimeException e) {
      final ApiException api = ApiException.find(e);
      if (api == null) {
        throw e;
      }
      throw api.toSqlException();
    }
  }

  private static List<String> read(SqlKit<?> kit, String sql) throws SQLException {
    final List<String> rows = new ArrayList<>();
    try (Statement s = kit.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        final List<String> values = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          final Object v = rs.getObject(i);
          values.add(v instanceof Double d ? number(d) : String.valueOf(v));
        }
        rows.add(String.join(",", values));
      }
    }
    return rows.stream().sorted().toList();
  }

  private static String number(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static String text(JsonNode v) {
    if (v.isNull()) {
      return "null";
    }
    if (v.isNumber()) {
      return number(v.asDouble());
    }
    return v.asText();
  }
}
