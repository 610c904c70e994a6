package io.statxplore.protari;

import io.statxplore.protari.emulator.ProtariEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** The emulator's own answer to an API query, as rows in {@link ProtariSql#rows}'s text form. */
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

  private static String text(JsonNode v) {
    if (v.isNull()) {
      return "null";
    }
    if (v.isNumber()) {
      final double d = v.asDouble();
      return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
    return v.asText();
  }
}
