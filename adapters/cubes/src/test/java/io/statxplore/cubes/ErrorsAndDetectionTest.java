package io.statxplore.cubes;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.cubes.emulator.CubesEmulator;
import io.statxplore.cubes.emulator.CubesEmulator.Flavor;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each flavor's error bodies become the README's SQLStates with the API's words; the flavor is detected. */
class ErrorsAndDetectionTest {
  private static final String KEY = "s3cret-key-123";

  private static ApiException apiCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApiException a) {
        return a;
      }
    }
    throw new AssertionError("no ApiException behind " + t, t);
  }

  @ParameterizedTest @EnumSource(Flavor.class)
  void theFlavorIsDetectedWhenNotGiven(Flavor flavor) throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().flavors(flavor).start();
        CubesSql sql = new CubesSql(e.baseUrl(), null, null)) {
      final long n = e.datasets().get("ukgov-finances-cra").entries().size();
      assertEquals(List.of(List.of(n)), sql.rows("SELECT COUNT(*) FROM cubes.ukgov_finances_cra"));
      final List<String> probes = e.requests().stream().map(CubesEmulator.Recorded::path)
          .filter(p -> p.equals("/api/3/cubes") || p.equals("/info") || p.equals("/datasets.json")).toList();
      assertEquals(switch (flavor) {
        case BABBAGE -> List.of("/api/3/cubes", "/api/3/cubes");
        case CUBES -> List.of("/api/3/cubes", "/info");
        case V2 -> List.of("/api/3/cubes", "/info", "/datasets.json", "/datasets.json");
      }, probes.subList(0, Math.min(probes.size(), flavor == Flavor.V2 ? 4 : 2)));
    }
  }

  @ParameterizedTest @EnumSource(Flavor.class)
  void aWrongKeyIs28000AndTheKeyIsNeverShown(Flavor flavor) throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().apiKey("the-owners-key").start();
        CubesSql sql = new CubesSql(e.baseUrl(), CubesSql.flavorSetting(flavor), KEY)) {
      final SQLException x = assertThrows(SQLException.class, () -> sql.rows("SELECT * FROM cubes.ukgov_finances_cra"));
      final ApiException cause = apiCause(x);
      assertEquals(ApiErrorKind.AUTHENTICATION, cause.kind());
      assertEquals("28000", cause.kind().sqlState());
      assertTrue(cause.getMessage().contains("Invalid API key"), cause.getMessage());
      for (Throwable t = x; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains(KEY), t.getMessage());
      }
      assertEquals("ApiKey " + KEY, e.requests().get(0).authorization());
    }
  }

  @ParameterizedTest @EnumSource(Flavor.class)
  void anUnknownDatasetIs42S02(Flavor flavor) throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().start();
        CubesSql sql = new CubesSql(e.baseUrl(), CubesSql.flavorSetting(flavor), null)) {
      final ApiException cause = apiCause(assertThrows(SQLException.class,
          () -> sql.rows("SELECT * FROM TABLE(cubes.members('no-such-dataset', 'region'))")));
      assertEquals(ApiErrorKind.NOT_FOUND, cause.kind(), cause.getMessage());
      assertEquals("42S02", cause.kind().sqlState());
      assertTrue(cause.getMessage().contains("no-such-dataset"), cause.getMessage());
    }
  }

  /**
   * A server that answers an aggregate with the flavor's error body (the rest from the emulator):
   * the message is the API's, the SQLState the HTTP status's.
   */
  @ParameterizedTest @EnumSource(Flavor.class)
  void anAggregateErrorBodyIsReadInEachFlavorsShape(Flavor flavor) throws Exception {
    final String body = switch (flavor) {
      case V2 -> "{\"errors\": [\"Invalid aggregation query: too many cells\"]}";
      case BABBAGE -> "{\"status\": \"error\", \"message\": \"Invalid aggregation query: too many cells\","
          + " \"context\": {}}";
      case CUBES -> "{\"error\": {\"message\": \"Invalid aggregation query: too many cells\", \"type\": \"request\"}}";
    };
    final OkHttpClient http = new OkHttpClient();
    try (CubesEmulator e = CubesEmulator.builder().start(); MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override public MockResponse dispatch(RecordedRequest request) {
          final String target = request.getUrl().encodedPath()
              + (request.getUrl().encodedQuery() == null ? "" : "?" + request.getUrl().encodedQuery());
          if (target.contains("aggregate")) {
            return new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json").body(body)
                .build();
          }
          try (Response r = http.newCall(new Request.Builder().url(e.baseUrl() + target).build()).execute()) {
            return new MockResponse.Builder().code(r.code()).setHeader("Content-Type", "application/json")
                .body(r.body().string()).build();
          } catch (IOException x) {
            throw new IllegalStateException(x);
          }
        }
      });
      server.start();
      try (CubesSql sql = new CubesSql(server.url("/").toString(), CubesSql.flavorSetting(flavor), null)) {
        final ApiException cause = apiCause(assertThrows(SQLException.class,
            () -> sql.rows("SELECT SUM(amount) FROM cubes.ukgov_finances_cra")));
        assertEquals(ApiErrorKind.BAD_REQUEST, cause.kind());
        assertEquals("42000", cause.kind().sqlState());
        assertTrue(cause.getMessage().contains("Invalid aggregation query: too many cells"), cause.getMessage());
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
