package io.statxplore.opendatasoft;

import io.statxplore.core.http.ApiError;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.http.Secret;
import io.statxplore.core.record.Agg;
import io.statxplore.core.record.RecordColumn;
import io.statxplore.core.record.RecordCursor;
import io.statxplore.core.record.RecordQuery;
import io.statxplore.core.record.RecordTableMeta;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.core.spi.TableEntry;

import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import okhttp3.HttpUrl;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real v2.1 samples in {@code ../shared/fixtures/opendatasoft} (from the vendor's OpenAPI
 * document) parse into the expected tables, columns, rows and errors.
 */
class FixtureConformanceTest {
  private Path dir;
  private MockWebServer server;
  private OdsAdapter adapter;
  private final List<String> served = new ArrayList<>();

  @BeforeEach void start() throws IOException {
    dir = Path.of(System.getProperty("statxplore.sharedFixtures", "../../../shared/fixtures"), "opendatasoft");
    Assumptions.assumeTrue(Files.isDirectory(dir), "shared fixtures not found at " + dir
        + "; this conformance test runs where ../shared/fixtures exists (CI)");
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest r) {
        final String path = r.getUrl().encodedPath();
        final String file = path.endsWith("/catalog/datasets") ? "example-datasets-v2.1.json"
            : path.endsWith("/records") && r.getUrl().queryParameter("group_by") != null
                ? "example-group_by_country-v2.1.json"
            : path.endsWith("/records") ? "example-records-v2.1.json" : "example-dataset-v2.1.json";
        served.add(file);
        try {
          return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
              .body(Files.readString(dir.resolve(file))).build();
        } catch (IOException e) {
          return new MockResponse.Builder().code(500).build();
        }
      }
    });
    server.start();
    adapter = new OdsAdapter(new AdapterContext(new OdsAdapterFactory(), HttpUrl.get(server.url("/").toString()),
        Secret.of("k"), null, Duration.ofSeconds(5), 0, RequestLimits.DEFAULT, SqlParserImpl.FACTORY));
  }

  @AfterEach void stop() {
    if (server != null) {
      adapter.close();
      server.close();
    }
  }

  private TableEntry geonames() {
    return adapter.tables().stream().filter(t -> t.id().equals("geonames-all-cities-with-a-population-1000"))
        .findFirst().orElseThrow();
  }

  @Test void catalogListsTheDatasetsOfThePage() {
    assertEquals(List.of("world_administrative_boundaries_countries_and_territories",
        "geonames_all_cities_with_a_population_1000"), adapter.tables().stream().map(TableEntry::name).toList());
    assertEquals(List.of("example-datasets-v2.1.json"), served, "two results of 19: the last page");
  }

  @Test void datasetFieldsBecomeTypedColumns() {
    final RecordTableMeta meta = adapter.columns(geonames());
    assertEquals("geoname_id name ascii_name alternate_names feature_class feature_code country_code cou_name_en"
        + " country_code_2 admin1_code admin2_code admin3_code admin4_code population elevation dem timezone"
        + " modification_date label_en coordinates_lat coordinates_lon",
        meta.columns().stream().map(RecordColumn::name).collect(Collectors.joining(" ")));
    assertEquals(SqlTypeName.BIGINT, meta.column("population").orElseThrow().type());
    assertEquals(SqlTypeName.DATE, meta.column("modification_date").orElseThrow().type());
    assertEquals("Feature Class: see http://www.geonames.org/export/codes.html (field feature_class, text)",
        meta.column("feature_class").orElseThrow().remarks());
  }

  @Test void recordsParseIntoRows() {
    final RecordTableMeta meta = adapter.columns(geonames());
    final List<String> wanted = List.of("name", "population", "elevation", "alternate_names", "modification_date",
        "coordinates_lat", "coordinates_lon");
    // Every field, as the example answer has them all: an answer may hold only the fields selected.
    final RecordQuery query = RecordQuery.scan(meta).withSort(List.of(), 0, 2L);
    final List<List<Object>> rows = new ArrayList<>();
    try (RecordCursor cursor = adapter.execute(query, CallScope.NONE)) {
      for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
        final Object[] all = row;
        rows.add(wanted.stream().map(n -> all[meta.columns().indexOf(meta.column(n).orElseThrow())]).toList());
      }
    }
    assertEquals(List.of(
        Arrays.asList("Saint-Leu", 29278L, null, "Saint-Leu", "2019-03-26", 46.7306, 4.50083),
        Arrays.asList("Saint-Léger-lès-Domart", 1781L, null,
            "Saint-Leger,Saint-Leger-les-Domart,Saint-Léger,Saint-Léger-lès-Domart", "2016-02-18", 50.05208, 2.14067)),
        rows);
  }

  @Test void groupedRecordsParseByAlias() {
    final RecordTableMeta meta = adapter.columns(geonames());
    final RecordColumn country = meta.column("cou_name_en").orElseThrow();
    final RecordQuery query = RecordQuery.scan(meta)
        .withAggregate(List.of(country), List.of(new Agg(Agg.Function.COUNT, null, "count")));
    final List<List<Object>> rows = new ArrayList<>();
    try (RecordCursor cursor = adapter.execute(query, CallScope.NONE)) {
      for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
        rows.add(Arrays.asList(row));
      }
    }
    assertEquals(List.of(List.of("United States", 16729L), List.of("Italy", 9945L), List.of("Mexico", 8981L)), rows);
  }

  @Test void bothErrorShapes() throws IOException {
    final ObjectMapper json = new ObjectMapper();
    final ApiError query = OdsErrors.parse(json.readTree(dir.resolve("error-bad_request-invalid_odsql.json").toFile()));
    assertEquals(new ApiError(null, "ODSQLError",
        "ODSQL query is malformed: invalid_function() Clause(s) containing the error(s): select."), query);
    final ApiError quota = OdsErrors.parse(json.readTree(dir.resolve("error-quota-quota_exceeded.json").toFile()));
    assertEquals(new ApiError(ApiErrorKind.RATE_LIMITED, "errorcode 10002", "Too many requests on the domain."
        + " Please contact the domain administrator. (limit 10000 calls per day)",
        Instant.parse("2021-01-26T00:00:00Z"), null), quota);
  }

  @Test void theSingleRecordSampleDecodesLikeAResult() throws IOException {
    final RecordTableMeta meta = adapter.columns(geonames());
    final Object[] row = adapter.row(new ObjectMapper().readTree(dir.resolve("example-record-v2.1.json").toFile()),
        List.copyOf(meta.columns()));
    final Map<String, Object> byName = new java.util.LinkedHashMap<>();
    for (int i = 0; i < row.length; i++) {
      byName.put(meta.columns().get(i).name(), row[i]);
    }
    assertEquals("Fraire", byName.get("name"));
    assertEquals(1492L, byName.get("population"));
    assertEquals(50.26127, byName.get("coordinates_lat"));
    assertEquals(null, byName.get("country_code_2"));
  }
}
