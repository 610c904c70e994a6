package io.statxplore.superstar;

import io.statxplore.core.cube.ColumnMeta;
import io.statxplore.core.cube.CubeTableMeta;
import io.statxplore.core.cube.DimensionMeta;
import io.statxplore.core.cube.MeasureMeta;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.core.spi.TableEntry;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mockwebserver3.MockResponse;

import okhttp3.HttpUrl;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /schema?depth=}: a database is described, and the folders walked, in one request where
 * the server nests descendants; level by level, to the same metadata, where it ignores the
 * parameter or rejects it; nested lists that may have been cut to a page are fetched with their pages.
 */
class SchemaDepthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIP = "str:database:PIP_Monthly";
  private static final TableEntry PIP_TABLE = new TableEntry(PIP, "PIP_Monthly", "");
  private static final String FACT = "PIP_Monthly:V_F_PIP_MONTHLY:";
  private static final String GEOGRAPHY = "str:group:PIP_Monthly:G_GEOGRAPHY";
  private static final String TIME = "str:group:PIP_Monthly:G_TIME";
  private static final String LA = "str:field:" + FACT + "LA_CODE";
  private static final String LA_VS = "str:valueset:" + FACT + "LA_CODE:V_C_MASTERGEOG11_LA_TO_REGION";
  private static final String QUARTER = "str:field:PIP_Monthly:F_PIP_DATE:DATE_NAME";
  private static final String GENDER = "str:field:" + FACT + "GENDER";
  private static final String PIP_COUNT = "str:count:PIP_Monthly:V_F_PIP_MONTHLY";
  private static final String AWARD = "str:measure:" + FACT + "AWARD_AMOUNT";
  private static final String AWARD_STATFN = "str:statfn:" + FACT + "AWARD_AMOUNT:";

  private static final String DB = "str:database:db";
  private static final String DB2 = "str:database:db2";
  private static final String GROUP = "str:group:db:G";
  private static final String FIELD = "str:field:db:t:F";
  private static final String FIELD2 = "str:field:db2:t:F";
  private static final String COUNT = "str:count:db:t";
  private static final String COUNT2 = "str:count:db2:t";
  private static final String MEASURE = "str:measure:db:t:M";

  private final CannedServer server = new CannedServer();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    server.close();
  }

  private SuperstarEmulator emulator(boolean depth) {
    final SuperstarEmulator api = SuperstarEmulator.builder().schemaDepth(depth).start();
    closing.add(api);
    return api;
  }

  private SuperstarAdapter adapter(SuperstarEmulator api) {
    final SuperstarAdapter adapter = new SuperstarAdapter(new AdapterContext(new SuperstarAdapterFactory(),
        HttpUrl.get(api.baseUrl()), null, null, Duration.ofSeconds(10), 0, RequestLimits.DEFAULT,
        SqlParserImpl.FACTORY));
    closing.add(adapter);
    return adapter;
  }

  private SuperstarAdapter adapter() {
    final SuperstarAdapter adapter = server.adapter();
    closing.add(adapter);
    return adapter;
  }

  private static List<String> paths(SuperstarEmulator api) {
    return api.requests().stream().map(SuperstarEmulator.Recorded::path).toList();
  }

  private static List<String> withDepth(String depth, String... ids) {
    return Stream.of(ids).map(id -> "/schema/" + id + "?depth=" + depth).toList();
  }

  /** A node whose answer leaves its children out. */
  private static ObjectNode node(String id, String type) {
    return JSON.createObjectNode().put("id", id).put("label", "L " + id).put("type", type);
  }

  /** A node with its children listed. */
  private static ObjectNode node(String id, String type, List<ObjectNode> children) {
    final ObjectNode node = node(id, type);
    node.putArray("children").addAll(children);
    return node;
  }

  private static MockResponse page(ObjectNode node, String link) {
    return CannedServer.json(node.toString(), link);
  }

  /** What a server without {@code depth} might answer: a 400 without a SuperSTAR error type. */
  private static MockResponse rejected() {
    return new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
        .body("{\"message\":\"Unknown query parameter: depth\"}").build();
  }

  private static List<String> dimensionIds(CubeTableMeta table) {
    return table.dimensions().stream().map(DimensionMeta::id).toList();
  }

  private static List<String> measureIds(CubeTableMeta table) {
    return table.measures().stream().map(MeasureMeta::id).toList();
  }

  @Test void aDatabaseIsDescribedInOneRequestWhereTheServerNestsItsFields() {
    final SuperstarEmulator api = emulator(true);
    final CubeTableMeta table = adapter(api).describe(PIP_TABLE);
    assertEquals(List.of("local_authority", "local_authority_code", "quarter", "quarter_code", "gender",
        "gender_code", "pip_cases_with_entitlement", "median_of_weekly_award_amount", "mean_of_weekly_award_amount"),
        table.columns().stream().map(ColumnMeta::name).toList());
    assertEquals(List.of(LA, QUARTER, GENDER), dimensionIds(table));
    assertEquals(List.of(PIP_COUNT, AWARD_STATFN + "MEDIAN", AWARD_STATFN + "MEAN"), measureIds(table));
    assertEquals(withDepth("valueset", PIP), paths(api));

    // Values are not nested: they come from their value set when first needed.
    assertEquals(20, table.dimensions().get(0).items().size());
    assertEquals(List.of("/schema/" + PIP + "?depth=valueset", "/schema/" + LA_VS), paths(api));
  }

  @Test void aServerThatIgnoresDepthGivesTheSameTableNodeByNode() {
    final CubeTableMeta nested = adapter(emulator(true)).describe(PIP_TABLE);
    final SuperstarEmulator api = emulator(false);
    final CubeTableMeta walked = adapter(api).describe(PIP_TABLE);
    assertEquals(nested.columns(), walked.columns());
    assertEquals(nested.measures(), walked.measures());
    assertEquals(withDepth("valueset", PIP, GEOGRAPHY, LA, TIME, QUARTER, GENDER, AWARD), paths(api));
  }

  @Test void theFoldersComeInOneRequestWhereTheServerNestsThem() {
    final SuperstarEmulator nesting = emulator(true);
    final List<TableEntry> tables = adapter(nesting).tables();
    assertEquals(List.of("str:database:UC_Households", "str:database:UC_Monthly", PIP, "str:database:hb_new",
        "str:database:CILIF_REL"), tables.stream().map(TableEntry::id).toList());
    assertEquals("Children in Low Income Families: Relative (str:database:CILIF_REL; folder"
        + " /Children in Low Income Families/Relative low income)", tables.get(4).remarks());
    assertEquals(List.of("/schema?depth=folder"), paths(nesting));

    final SuperstarEmulator ignoring = emulator(false);
    assertEquals(tables, adapter(ignoring).tables());
    assertEquals(Stream.concat(Stream.of("/schema?depth=folder"), withDepth("folder", "str:folder:fuc",
        "str:folder:fcilif", "str:folder:fdis", "str:folder:fhb", "str:folder:fcilif_rel").stream()).toList(),
        paths(ignoring));
  }

  @Test void aServerThatRejectsDepthIsAskedAgainWithoutItAndNeverAgainWith() {
    server.serve(Map.of(
        "/schema/" + DB + "?depth=valueset", rejected(),
        "/schema/" + DB, page(node(DB, "DATABASE", List.of(node(FIELD, "FIELD"), node(COUNT, "COUNT"))), null),
        "/schema/" + FIELD, page(node(FIELD, "FIELD", List.of(node(FIELD + ":V", "VALUESET"))), null),
        "/schema/" + DB2, page(node(DB2, "DATABASE", List.of(node(FIELD2, "FIELD"), node(COUNT2, "COUNT"))), null),
        "/schema/" + FIELD2, page(node(FIELD2, "FIELD", List.of(node(FIELD2 + ":V", "VALUESET"))), null),
        "/schema", page(node("str:folder:root", "FOLDER", List.of(node(DB, "DATABASE"))), null)));
    final SuperstarAdapter adapter = adapter();
    final CubeTableMeta table = adapter.describe(new TableEntry(DB, "db", ""));
    assertEquals(List.of(FIELD), dimensionIds(table));
    assertEquals(List.of(COUNT), measureIds(table));
    final CubeTableMeta table2 = adapter.describe(new TableEntry(DB2, "db2", ""));
    assertEquals(List.of(FIELD2), dimensionIds(table2));
    assertEquals(List.of(COUNT2), measureIds(table2));
    assertEquals(List.of(DB), adapter.tables().stream().map(TableEntry::id).toList());
    assertEquals(List.of("/schema/" + DB + "?depth=valueset", "/schema/" + DB, "/schema/" + FIELD,
        "/schema/" + DB2, "/schema/" + FIELD2, "/schema"), server.paths());
  }

  @Test void onlyARejectionIsRetriedAndTheRetrysFailureIsTheError() {
    server.serve(Map.of("/schema/" + DB + "?depth=valueset", rejected()));
    final TableEntry db = new TableEntry(DB, "db", "");
    final ApiException notFound = assertThrows(ApiException.class, () -> adapter().describe(db));
    assertEquals(ApiErrorKind.NOT_FOUND, notFound.kind());
    assertTrue(notFound.getMessage().contains("answered HTTP 400 to GET /schema/" + DB
        + ": SCHEMA_COMPONENT_NOT_FOUND"), notFound::getMessage);
    assertEquals(List.of("/schema/" + DB + "?depth=valueset", "/schema/" + DB), server.paths());

    server.serve(Map.of("/schema/" + DB + "?depth=valueset", new MockResponse.Builder().code(401)
        .setHeader("Content-Type", "application/json")
        .body("{\"message\":\"Error authenticating API key.\",\"errorType\":\"AUTHENTICATION\"}").build()));
    final ApiException auth = assertThrows(ApiException.class, () -> adapter().describe(db));
    assertEquals(ApiErrorKind.AUTHENTICATION, auth.kind());
    assertEquals(List.of("/schema/" + DB + "?depth=valueset", "/schema/" + DB, "/schema/" + DB + "?depth=valueset"),
        server.paths());
  }

  @Test void aNestedListOfAPageOrMoreIsFetchedWithItsPagesAndAbsentChildrenAreFetched() {
    final List<ObjectNode> fields = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      fields.add(node(FIELD + i, "FIELD", List.of(node(FIELD + i + ":V", "VALUESET"))));
    }
    final String group = server.base() + "/schema/" + GROUP + "?depth=valueset";
    server.serve(Map.of(
        "/schema/" + DB + "?depth=valueset", page(node(DB, "DATABASE", List.of(
            node(GROUP, "GROUP", fields.subList(0, 100)),
            node(FIELD + "A", "FIELD", List.of(node(FIELD + "A:V", "VALUESET"))),
            node(FIELD + "B", "FIELD"),
            node(COUNT, "COUNT"),
            node(MEASURE, "MEASURE", List.of(node(MEASURE.replace("measure", "statfn") + ":SUM", "STAT_FUNCTION"))))),
            null),
        "/schema/" + GROUP + "?depth=valueset", page(node(GROUP, "GROUP", fields.subList(0, 100)), group + "&page=2"),
        "/schema/" + GROUP + "?depth=valueset&page=2", page(node(GROUP, "GROUP", fields.subList(100, 120)), null),
        "/schema/" + FIELD + "B?depth=valueset",
        page(node(FIELD + "B", "FIELD", List.of(node(FIELD + "B:V", "VALUESET"))), null)));
    final CubeTableMeta table = adapter().describe(new TableEntry(DB, "db", ""));
    final List<String> expected = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      expected.add(FIELD + i);
    }
    expected.addAll(List.of(FIELD + "A", FIELD + "B"));
    assertEquals(expected, dimensionIds(table));
    assertEquals(List.of(COUNT, "str:statfn:db:t:M:SUM"), measureIds(table));
    assertEquals(List.of("/schema/" + DB + "?depth=valueset", "/schema/" + GROUP + "?depth=valueset",
        "/schema/" + GROUP + "?depth=valueset&page=2", "/schema/" + FIELD + "B?depth=valueset"), server.paths());
  }
}
