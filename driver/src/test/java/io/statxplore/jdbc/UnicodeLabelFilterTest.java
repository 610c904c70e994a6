package io.statxplore.jdbc;

import io.statxplore.opendatasoft.sql.FakeOds;
import io.statxplore.superstar.emulator.SuperstarEmulator;
import io.statxplore.superstar.sql.AnswerCells;
import io.statxplore.superstar.sql.SqlAssert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static io.statxplore.superstar.sql.SqlAssert.row;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Labels beyond ISO-8859-1 (a typographic apostrophe, an en dash, Polish letters), as real
 * Stat-Xplore labels have, are filtered with {@code =}, {@code IN} and {@code <>} like any other:
 * through the driver against the emulator, each picks its items in the one request.
 */
class UnicodeLabelFilterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DB = "str:database:PIP_Monthly";
  private static final String COUNT = "str:count:PIP_Monthly:V_F_PIP_MONTHLY";
  private static final String LA = "str:field:PIP_Monthly:V_F_PIP_MONTHLY:LA_CODE";
  private static final String SUM = "select local_authority, sum(pip_cases_with_entitlement) from pip_monthly";

  private static Connection connection;
  private static SuperstarEmulator emulator;

  @BeforeAll static void start() throws SQLException {
    connection = DriverManager.getConnection("jdbc:statxplore:demo=true");
    emulator = (SuperstarEmulator) StatXploreDriver.demoServer(connection).server();
    rows(connection, "select * from pip_monthly where 1 = 0");
  }

  @AfterAll static void stop() throws SQLException {
    connection.close();
  }

  @BeforeEach void clear() {
    emulator.resetRequests();
  }

  /** An item of the local authority field, by its code. */
  private static String item(int authority) {
    return "str:value:PIP_Monthly:V_F_PIP_MONTHLY:LA_CODE:V_C_MASTERGEOG11_LA_TO_REGION:"
        + String.format("E0800%04d", 10 + authority);
  }

  /** The count by local authority of the given items, each its own group. */
  private static JsonNode request(int... authorities) {
    final ObjectNode body = JSON.createObjectNode().put("database", DB);
    body.putArray("measures").add(COUNT);
    final ObjectNode recode = body.putObject("recodes").putObject(LA);
    final ArrayNode map = recode.putArray("map");
    for (int a : authorities) {
      map.addArray().add(item(a));
    }
    recode.put("total", false);
    body.putArray("dimensions").addArray().add(LA);
    return body;
  }

  private static List<JsonNode> tableRequests() throws Exception {
    final List<JsonNode> bodies = new ArrayList<>();
    for (SuperstarEmulator.Recorded r : emulator.requests()) {
      if (r.path().equals("/table")) {
        bodies.add(JSON.readTree(r.body()));
      }
    }
    return bodies;
  }

  /** Runs {@code sql}, checks it sent exactly {@code body}, and returns the rows, checked against the emulator's answer. */
  private static List<List<Object>> query(String sql, JsonNode body) throws Exception {
    final List<List<Object>> rows = rows(connection, sql);
    assertEquals(List.of(body), tableRequests(), sql);
    assertEquals(AnswerCells.rows(emulator.table(body)), rows, sql);
    return rows;
  }

  @Test void equalsPicksTheItemWithThatLabel() throws Exception {
    final List<List<Object>> rows = query(SUM + " where local_authority = 'Łódź' group by local_authority",
        request(18));
    assertEquals("Łódź", rows.get(0).get(0));
    assertEquals(1, rows.size());
  }

  @Test void inAndNotEqualsPickTheirItems() throws Exception {
    final List<List<Object>> in = query(SUM + " where local_authority in ('King’s Lynn and West Norfolk',"
        + " 'Ynys Môn – Anglesey') group by local_authority", request(17, 19));
    assertEquals(List.of("King’s Lynn and West Norfolk", "Ynys Môn – Anglesey"),
        in.stream().map(r -> r.get(0)).toList());

    emulator.resetRequests();
    final int[] others = new int[19];
    for (int a = 1, i = 0; a <= 20; a++) {
      if (a != 18) {
        others[i++] = a;
      }
    }
    final List<List<Object>> notLodz = query(SUM + " where local_authority <> 'Łódź' group by local_authority",
        request(others));
    assertEquals(19, notLodz.size());
  }

  @Test void aLabelNoItemHasSelectsNothingWithoutARequest() throws Exception {
    assertEquals(List.of(), rows(connection, SUM + " where local_authority in ('£0 – £100', 'O’Brien', '𝔘𝔫𝔦')"
        + " group by local_authority"));
    assertEquals(List.of(), tableRequests());
  }

  /** Moved from OpenDataSoft's {@code OdsPushdownTest}: it needs the charset the driver chooses for Calcite. */
  @Test void textBeyondLatin1IsSentAsWritten() throws SQLException {
    try (FakeOds ods = new FakeOds(); Connection c = DriverManager.getConnection(ods.jdbcUrl());
         Statement s = c.createStatement()) {
      s.executeQuery("select name from geo where name = 'Łódź – O’Brien' limit 10").close();
      final List<RecordedRequest> sent = ods.dataRequests();
      assertEquals(1, sent.size(), "data requests");
      assertEquals("records?select=name&where=name = \"Łódź – O’Brien\"&limit=10",
          sent.get(0).getUrl().encodedPath().replaceAll(".*/geo/", "") + "?" + sent.get(0).getUrl().query());
    }
  }

  @Test void theDriverChoosesUtf16OnlyWhereNothingChoseACharset() {
    final Properties none = new Properties();
    assertEquals(Map.of("calcite.default.charset", "UTF-16LE", "calcite.default.nationalcharset", "UTF-16LE",
        "calcite.default.collation.name", "UTF-16LE$en_US"), StatXploreDriver.unicodeDefaults(none, none));
    for (String chosen : List.of("calcite.default.charset", "saffron.default.charset",
        "net.sf.saffron.default.collation.name", "calcite.default.nationalcharset")) {
      final Properties set = new Properties();
      set.setProperty(chosen, "ISO-8859-1");
      assertEquals(Map.of(), StatXploreDriver.unicodeDefaults(set, none), chosen);
      assertEquals(Map.of(), StatXploreDriver.unicodeDefaults(none, set), chosen + " in saffron.properties");
    }
  }

  @Test void aConnectionWarnsWhenCalciteStartedWithANarrowerCharset() {
    assertEquals(Optional.empty(), StatXploreDriver.literalCharsetWarning(StandardCharsets.UTF_16LE));
    assertEquals(Optional.empty(), StatXploreDriver.literalCharsetWarning(StandardCharsets.UTF_8));
    assertTrue(StatXploreDriver.literalCharsetWarning(StandardCharsets.ISO_8859_1).orElseThrow()
        .startsWith("String literals can only hold ISO-8859-1 characters"));
  }

  /**
   * The JVM-wide default the driver sets (nothing in this JVM set one) leaves another user of
   * Calcite working as before, with any text in its literals and the default charset unprinted.
   */
  @Test void anotherCalciteConnectionInTheJvmWorksAsBefore() throws SQLException {
    assertEquals("UTF-16LE", System.getProperty("calcite.default.charset"));
    try (Connection calcite = DriverManager.getConnection("jdbc:calcite:");
         Statement s = calcite.createStatement();
         ResultSet rs = s.executeQuery("select 'Łódź' = 'Łódź' as same, 'abc' as s, cast('x' as varchar(3)) as v")) {
      assertEquals(List.of(row(true, "abc", "x")), SqlAssert.rows(rs));
      assertEquals("CHAR", rs.getMetaData().getColumnTypeName(2));
      assertEquals("VARCHAR", rs.getMetaData().getColumnTypeName(3));
    }
    assertNull(connection.getWarnings(), "no warning that literals are limited");
  }

  @Test void typeNamesInMetadataAreUnchanged() throws SQLException {
    try (ResultSet rs = connection.getMetaData().getColumns(null, "statxplore", "PIP_Monthly", "local_authority")) {
      assertTrue(rs.next());
      assertEquals("VARCHAR", rs.getString("TYPE_NAME"));
    }
  }
}
