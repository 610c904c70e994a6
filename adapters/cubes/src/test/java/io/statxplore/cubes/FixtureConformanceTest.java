package io.statxplore.cubes;

import io.statxplore.cubes.emulator.CubesEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real samples in {@code ../shared/fixtures/cubes}: babbage's answers are read by the adapter
 * (served as they are by MockWebServer), and the emulator answers in their shapes; the model and
 * data files of babbage and the Cubes server are checked against the emulator's conventions.
 */
class FixtureConformanceTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String P1 = "8c248ff162c3c3b957f487138850eaf2:ekondo-titi-trial";

  private Path dir;
  private MockWebServer server;
  private final List<String> served = new ArrayList<>();
  private final Set<String> checked = new TreeSet<>();

  @BeforeEach void start() throws IOException {
    dir = Path.of(System.getProperty("statxplore.sharedFixtures", "../../../shared/fixtures"), "cubes");
    Assumptions.assumeTrue(Files.isDirectory(dir), "shared fixtures not found at " + dir
        + "; this conformance test runs where ../shared/fixtures exists (CI)");
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        final String path = request.getUrl().encodedPath();
        served.add(path + "?" + request.getUrl().query());
        final String body = babbage(request.getUrl().pathSegments());
        return body == null ? new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
            .body("{\"status\": \"error\", \"message\": \"not found\", \"context\": {}}").build()
            : new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
      }
    });
    server.start();
  }

  @AfterEach void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private String read(String file) {
    try {
      checked.add(file);
      return Files.readString(dir.resolve(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode json(String file) throws IOException {
    return MAPPER.readTree(read(file));
  }

  /** os-api's answers: three cubes, their models, an aggregate, facts and members. */
  private String babbage(List<String> p) {
    try {
      if (p.equals(List.of("api", "3", "cubes"))) {
        return "{\"status\": \"ok\", \"data\": [{\"name\": \"Package1\"}, {\"name\": \"boost-moldova\"},"
            + " {\"name\": \"" + P1 + "\"}]}";
      }
      final String cube = p.get(3);
      final String what = p.get(4);
      if (what.equals("model")) {
        return read(cube.equals("Package1") ? "babbage-os-api-v3/package1Model.json"
            : cube.equals("boost-moldova") ? "babbage-os-api-v3/package2Model.json"
            : "babbage-os-api-v3/package1-model.json");
      }
      if (what.equals("aggregate")) {
        return read(cube.equals("Package1") ? "babbage-os-api-v3/aggregate1.json"
            : "babbage-os-api-v3/aggregate2.json");
      }
      if (what.equals("facts")) {
        return read("babbage-os-api-v3/facts2.json");
      }
      if (what.equals("members")) {
        for (JsonNode m : json("babbage-os-api-v3/package1-members.json")) {
          if (m.path("key").asText().equals(p.get(5))) {
            return m.path("data").toString();
          }
        }
      }
      return null;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private CubesSql sql() throws Exception {
    return new CubesSql(server.url("/").toString(), "babbage", null);
  }

  @Test void theAdapterReadsBabbagesAnswers() throws Exception {
    try (CubesSql sql = sql()) {
      // package1Model: dimensions of a hierarchy each give their attributes' columns.
      final List<String> columns = new ArrayList<>();
      try (var rs = sql.connection.getMetaData().getColumns(null, "cubes", "package1", "%")) {
        while (rs.next()) {
          columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME"));
        }
      }
      assertEquals(List.of("to_name:VARCHAR", "to_label:VARCHAR", "from_name:VARCHAR", "from_label:VARCHAR",
          "time_month_month:BIGINT", "time_year_year:BIGINT", "time_day_day:BIGINT", "amount:DOUBLE",
          "num_entries:BIGINT"), columns);
      // aggregate1: a total read from the summary.
      assertEquals(List.of(List.of(350.0)), sql.rows("SELECT SUM(amount) FROM cubes.package1"));
      // aggregate2: cells of a two-attribute drilldown, in the server's order: a first page of three.
      final String drill = "administrative_classification_admin3_code_admin3_code,"
          + " administrative_classification_admin3_code_admin3_label";
      assertEquals(List.of(List.of("289", "National Social Insurance Company", 100.0),
          List.of("322", "National Health Insurance Company", 200.0), List.of("200", "General actions", 50.0)),
          sql.rows("SELECT " + drill + ", SUM(approved) FROM cubes.boost_moldova GROUP BY " + drill
              + " ORDER BY SUM(approved) DESC LIMIT 3"));
      // Read whole, its total of 88 cells asks for a second page: the server answers page 1 again.
      final Exception again = assertThrows(Exception.class, () -> sql.rows("SELECT " + drill
          + ", SUM(approved) FROM cubes.boost_moldova GROUP BY " + drill));
      assertTrue(again.getMessage().contains("is page 1 where page 2 was asked for"), again.getMessage());
      // facts2: five facts of a page of five.
      assertEquals(List.of(List.of("Central", 100.0, 0.0), List.of("Central", 10.0, 5.0), List.of("Central", 20.0, 10.0),
          List.of("Central", 0.0, 0.0), List.of("Other", 2.0, 1.0)),
          sql.rows("SELECT administrative_classification_admin1_admin1, approved, executed FROM cubes.boost_moldova"
              + " LIMIT 5"));
      // package1-model and package1-members: a dimension's members, in its answer's order.
      assertEquals(List.of(List.of("2015"), List.of("2016")),
          sql.rows("SELECT \"Annee\" FROM TABLE(cubes.members('" + P1 + "', 'date_2'))"));
      // A sample of 5 of 113 members: the second page the total calls for is the first again.
      final Exception sample = assertThrows(Exception.class, () -> sql.rows("SELECT COUNT(*) FROM"
          + " TABLE(cubes.members('" + P1 + "', 'economic_classification_Compte'))"));
      assertTrue(sample.getMessage().contains("is page 1 where page 2 was asked for"), sample.getMessage());
    }
    assertTrue(served.contains("/api/3/cubes/boost-moldova/aggregate?drilldown="
        + "administrative_classification_admin3_code.admin3_code|administrative_classification_admin3_code.admin3_label"
        + "&aggregates=approved.sum&order=approved.sum:desc&page=1&pagesize=3"), served.toString());
    assertTrue(served.contains("/api/3/cubes/boost-moldova/facts?fields="
        + "administrative_classification_admin1.admin1,approved,executed&page=1&pagesize=5"), served.toString());
  }

  /** The emulator's babbage answers have the real answers' keys. */
  @Test void theEmulatorAnswersInBabbagesShapes() throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().start()) {
      final OkHttpClient http = new OkHttpClient();
      final String base = e.baseUrl() + "/api/3/cubes/ukgov-finances-cra/";
      assertEquals(keys(json("babbage-os-api-v3/aggregate1.json")),
          keys(get(http, base + "aggregate?drilldown=region.name&aggregates=amount.sum")));
      assertEquals(keys(json("babbage-os-api-v3/facts2.json")), keys(get(http, base + "facts?pagesize=5")));
      assertEquals(keys(json("babbage-os-api-v3/package1-members.json").get(0).path("data")),
          keys(get(http, base + "members/region")));
      final JsonNode model = get(http, base + "model");
      final JsonNode real = json("babbage-os-api-v3/package1Model.json");
      assertEquals(keys(real), keys(model));
      assertEquals(keys(real.path("model")), keys(model.path("model")));
      assertEquals(keys(real.path("model").path("dimensions").path("to")),
          keys(model.path("model").path("dimensions").path("to")));
      assertEquals(keys(real.path("model").path("aggregates").path("amount.sum")),
          keys(model.path("model").path("aggregates").path("amount.sum")));
      // The datapackage listing and the Fiscal Data Package name their packages and model.
      final JsonNode packages = json("babbage-os-api-v3/datapackages.json");
      assertEquals(List.of("Package1", "Package2", "Package3"), packages.findValuesAsText("id"));
      assertTrue(json("babbage-os-api-v3/package1-datapackage.json").path("model").path("dimensions").size() > 0);
      http.connectionPool().evictAll();
    }
  }

  /** babbage's own model files: the CRA's dimensions, and the aggregate functions a model may declare. */
  @Test void theEmulatorsDataFollowsBabbagesCraModel() throws Exception {
    final JsonNode cra = json("babbage-core/cra.json");
    final Set<String> dims = new HashSet<>();
    cra.path("dimensions").fieldNames().forEachRemaining(dims::add);
    try (CubesEmulator e = CubesEmulator.builder().start()) {
      e.datasets().get("ukgov-finances-cra").dimensions().forEach(d -> assertTrue(dims.contains(d.name()), d.name()));
    }
    assertEquals(List.of("name"), List.of(cra.path("dimensions").path("from").path("key_attribute").asText()));
    final Set<String> functions = new HashSet<>();
    json("babbage-core/model.json").path("definitions").path("aggregates").path("items").path("enum")
        .forEach(f -> functions.add(f.asText()));
    assertTrue(functions.containsAll(List.of("sum", "min", "max", "count")), functions.toString());
    final List<String> levels = new ArrayList<>();
    json("babbage-core/simple_model.json").path("hierarchies").path("bazwaz").path("levels")
        .forEach(l -> levels.add(l.asText()));
    assertEquals(List.of("baz", "waz"), levels);
  }

  /** The Cubes server's models: aggregates named by the emulator's convention, and the sample data. */
  @Test void cubesServerModelsAndData() throws Exception {
    final JsonNode hello = json("cubes-server/examples_hello_world_model.json").path("cubes").get(0);
    final List<String> aggregates = hello.path("aggregates").findValuesAsText("name");
    assertEquals(List.of("amount_sum", "double_amount_sum", "record_count"), aggregates);
    final JsonNode server = json("cubes-server/tests_models_server.json").path("cubes").get(0);
    assertEquals("amount_sum", server.path("aggregates").get(0).path("name").asText());
    assertEquals(List.of("entity", "color", "tone", "temp", "size"),
        iterable(json("cubes-server/tests_data_aggregation.json").path("dimensions").fieldNames()));
    final List<String> csv = read("cubes-server/examples_hello_world_data.csv").lines().toList();
    assertEquals(63, csv.size());
    assertTrue(csv.get(0).startsWith("Category Code,Category,Subcategory Code"));
  }

  /** Every fixture file is read by one of the tests above. */
  @Test void everyFileIsChecked() throws Exception {
    theAdapterReadsBabbagesAnswers();
    theEmulatorAnswersInBabbagesShapes();
    theEmulatorsDataFollowsBabbagesCraModel();
    cubesServerModelsAndData();
    final Set<String> all = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).forEach(f -> all.add(dir.relativize(f).toString().replace('\\', '/')));
    }
    assertEquals(all, checked);
  }

  private static Set<String> keys(JsonNode node) {
    return new TreeSet<>(iterable(node.fieldNames()));
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    final List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static JsonNode get(OkHttpClient http, String url) throws IOException {
    try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
      return MAPPER.readTree(r.body().string());
    }
  }
}
