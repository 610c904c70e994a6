package io.statxplore.opendatasoft.sql;

import io.statxplore.core.testkit.SqlKit;
import io.statxplore.opendatasoft.OdsAdapterFactory;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A scripted ODS portal on MockWebServer with one dataset {@code geo} holding a field of every ODS
 * type; {@code /records} answers no rows and {@code /exports/json} an empty array unless a test
 * queued an answer. Every request is recorded.
 */
public final class FakeOds implements AutoCloseable {
  public static final String API = "/api/explore/v2.1/catalog/datasets";
  public static final String DATASET = """
      {"dataset_id": "geo", "has_records": true, "metas": {"default": {"title": "Geo", "records_count": 3}},
       "fields": [
        {"name": "name", "label": "Name", "type": "text", "annotations": {}, "description": null},
        {"name": "country_code", "label": "Country", "type": "text", "annotations": {}, "description": null},
        {"name": "population", "label": "Population", "type": "int", "annotations": {}, "description": null},
        {"name": "elevation", "label": "Elevation", "type": "double", "annotations": {}, "description": null},
        {"name": "modified", "label": "Modified", "type": "date", "annotations": {}, "description": null},
        {"name": "capital", "label": "Capital", "type": "boolean", "annotations": {}, "description": null},
        {"name": "updated", "label": "Updated", "type": "datetime", "annotations": {}, "description": null},
        {"name": "alternate_names", "label": "Alternate Names", "type": "text",
         "annotations": {"multivalued": [","]}, "description": null},
        {"name": "coordinates", "label": "Coordinates", "type": "geo_point_2d", "annotations": {}, "description": null},
        {"name": "shape", "label": "Shape", "type": "geo_shape", "annotations": {}, "description": null}]}""";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Queue<MockResponse>> canned = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

  public FakeOds() {
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        return answer(request.getUrl().encodedPath());
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A connection through the test kit with the key, timeout and retries of {@link #jdbcUrl()}; closing it closes the adapter. */
  public Connection connect() throws SQLException {
    return SqlKit.open(new OdsAdapterFactory(), baseUrl()).key("s3cr3t-key")
        .timeout(Duration.ofSeconds(5)).retries(0).connect();
  }

  public String baseUrl() {
    return server.url("/").toString();
  }

  /** The driver's URL of this portal, for the driver's tests. */
  public String jdbcUrl() {
    return "jdbc:statxplore:api=opendatasoft;url=" + server.url("/") + ";apiKey=s3cr3t-key;timeout=5;retries=0";
  }

  /** The next request whose path ends with {@code suffix} gets {@code response}. */
  public FakeOds respondNext(String suffix, MockResponse response) {
    canned.computeIfAbsent(suffix, s -> new ArrayDeque<>()).add(response);
    return this;
  }

  public FakeOds respondNext(String suffix, int code, String json) {
    return respondNext(suffix, json(code, json));
  }

  /** Requests for the dataset's rows (not the catalog), in order. */
  public List<RecordedRequest> dataRequests() {
    synchronized (requests) {
      return requests.stream().filter(r -> r.getUrl().encodedPath().startsWith(API + "/geo/")).toList();
    }
  }

  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clear() {
    requests.clear();
  }

  private MockResponse answer(String path) {
    synchronized (canned) {
      for (Map.Entry<String, Queue<MockResponse>> e : canned.entrySet()) {
        if (path.endsWith(e.getKey()) && !e.getValue().isEmpty()) {
          return e.getValue().poll();
        }
      }
    }
    if (path.equals(API)) {
      return json(200, "{\"total_count\": 1, \"results\": [" + DATASET + "]}");
    }
    if (path.equals(API + "/geo")) {
      return json(200, DATASET);
    }
    if (path.endsWith("/records")) {
      return json(200, "{\"total_count\": 0, \"results\": []}");
    }
    return path.endsWith("/exports/json") ? json(200, "[]") : json(404, "{\"error_code\": \"NotFound\", \"message\": \"no\"}");
  }

  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body).build();
  }

  @Override public void close() {
    server.close();
  }
}
