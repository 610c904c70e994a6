package io.statxplore.jdbc;

import io.statxplore.superstar.emulator.SuperstarEmulator;
import io.statxplore.superstar.sql.EmulatorSchema.Dim;
import io.statxplore.superstar.sql.EmulatorSchema.Field;
import io.statxplore.superstar.sql.EmulatorSchema.Statistic;
import io.statxplore.superstar.sql.EmulatorSchema.Table;
import io.statxplore.superstar.sql.EmulatorSchema.ValueSet;
import io.statxplore.superstar.sql.EmulatorSchema;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DBeaver's connect-and-browse sequence (schemas, tables, one table's columns, a 200-row preview)
 * against a cold server: where it nests {@code /schema} descendants ({@code ?depth=}) it costs one
 * request for the folders, one for the table's fields and measures, the pages of its value sets
 * and one {@code /table}; where it ignores the parameter, the same columns come node by node.
 */
class BrowseCostTest {
  private static final String TABLE = "UC_Monthly";

  /** What a browse saw and the requests it sent ({@code GET /schema…}, {@code POST /table}). */
  private record Browse(List<List<Object>> columns, List<String> requests) { }

  private static Browse browse(SuperstarEmulator api) throws SQLException {
    final List<List<Object>> columns;
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl())) {
      final DatabaseMetaData md = c.getMetaData();
      assertTrue(rows(md.getSchemas()).stream().anyMatch(r -> r.contains("statxplore")));
      assertTrue(rows(md.getTables(null, "statxplore", "%", null)).stream().anyMatch(r -> r.contains(TABLE.toLowerCase(Locale.ROOT))));
      columns = rows(md.getColumns(null, "statxplore", TABLE, "%"));
      try (Statement s = c.createStatement()) {
        s.setMaxRows(200);
        assertEquals(200, rows(s.executeQuery("SELECT * FROM statxplore." + TABLE)).size());
      }
    }
    return new Browse(columns, api.requests().stream().map(r -> r.method() + " " + r.path()).toList());
  }

  private static Table table(EmulatorSchema schema) {
    return schema.tables.stream().filter(t -> t.id().equals(TABLE)).findFirst().orElseThrow();
  }

  /** The requests for every page of the table's value sets, in column order. */
  private static List<String> valueSetPages(Table table) {
    final List<String> pages = new ArrayList<>();
    for (Field f : table.fields()) {
      for (ValueSet vs : f.valueSets()) {
        pages.add("GET /schema/" + vs.uri());
        for (int p = 2; p <= vs.pages(); p++) {
          pages.add("GET /schema/" + vs.uri() + "?page=" + p);
        }
      }
    }
    return pages;
  }

  private static List<String> sorted(List<String> list) {
    return list.stream().sorted().toList();
  }

  @Test void aColdBrowseCostsOneRequestForTheFoldersAndOneForTheTable() throws SQLException {
    try (SuperstarEmulator api = SuperstarEmulator.start()) {
      final EmulatorSchema schema = new EmulatorSchema(api.baseUrl());
      final Table table = table(schema);
      api.resetRequests();
      final Browse browse = browse(api);

      final List<String> names = new ArrayList<>();
      for (Field f : table.fields()) {
        for (ValueSet vs : f.valueSets()) {
          names.addAll(List.of(new Dim(f, vs).column(), new Dim(f, vs).codeColumn()));
        }
      }
      table.statistics().stream().map(Statistic::column).forEach(names::add);
      assertEquals(names, browse.columns().stream().map(r -> r.get(3)).toList(), "COLUMN_NAME");
      assertEquals(names.size() - table.statistics().size(),
          browse.columns().stream().filter(r -> r.get(4).equals(Types.VARCHAR)).count(), "VARCHAR columns");

      final List<String> pages = valueSetPages(table);
      final List<String> expected = new ArrayList<>(List.of("GET /schema?depth=folder",
          "GET /schema/str:database:" + TABLE + "?depth=valueset"));
      expected.addAll(pages);
      expected.add("POST /table");
      assertEquals(expected, browse.requests());
      assertTrue(browse.requests().size() <= schema.folders.size() + 2 + pages.size(),
          browse.requests().size() + " requests for " + schema.folders.size() + " folders");
    }
  }

  @Test void aServerThatIgnoresDepthGivesTheSameColumnsNodeByNode() throws SQLException {
    final List<List<Object>> nested;
    try (SuperstarEmulator api = SuperstarEmulator.start()) {
      nested = browse(api).columns();
    }
    try (SuperstarEmulator api = SuperstarEmulator.builder().schemaDepth(false).start()) {
      final EmulatorSchema schema = new EmulatorSchema(api.baseUrl());
      final Table table = table(schema);
      api.resetRequests();
      final Browse browse = browse(api);
      assertEquals(nested, browse.columns());

      // UC_Monthly has no GROUP or MEASURE nodes: its fields are its only children with children.
      final List<String> expected = new ArrayList<>(schema.folders.stream()
          .map(f -> "GET /schema" + (f.equals(schema.folders.get(0)) ? "" : "/" + f) + "?depth=folder").toList());
      Stream.concat(Stream.of("str:database:" + TABLE), table.fields().stream().map(Field::uri))
          .forEach(id -> expected.add("GET /schema/" + id + "?depth=valueset"));
      expected.addAll(valueSetPages(table));
      expected.add("POST /table");
      assertEquals(sorted(expected), sorted(browse.requests()));
    }
  }
}
