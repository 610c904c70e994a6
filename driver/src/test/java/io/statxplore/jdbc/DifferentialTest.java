package io.statxplore.jdbc;

import io.statxplore.jdbc.EmulatorSchema.Dim;
import io.statxplore.jdbc.EmulatorSchema.Field;
import io.statxplore.jdbc.EmulatorSchema.Statistic;
import io.statxplore.jdbc.EmulatorSchema.Table;
import io.statxplore.jdbc.EmulatorSchema.Value;
import io.statxplore.jdbc.GeneratedQuery.Column;
import io.statxplore.jdbc.GeneratedQuery.Filter;
import io.statxplore.jdbc.GeneratedQuery.Grouping;
import io.statxplore.jdbc.GeneratedQuery.Op;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential tests (DESIGN §7): generated SQL through the driver against the emulator gives,
 * row for row, the emulator's own answer to the equivalent {@code /table} query, which the test
 * builds itself from the schema; and each query costs exactly one {@code /table} request.
 *
 * <p>The seeded generator draws, over every emulated table: none to three grouped fields by label
 * or code column (sometimes both, sometimes one not selected), plain, ROLLUP, CUBE, GROUPING SETS
 * or {@code a, ROLLUP(b, …)} grouping with optional {@code GROUPING(…)}; filters with {@code =},
 * {@code IN}, {@code <>}, {@code NOT IN} and same-field {@code OR} of labels and codes, several on
 * one field at times; SUM of counts and SUM statistics, AVG of MEAN statistics; identifiers in
 * lower or upper case.
 */
class DifferentialTest {
  private static final long SEED = 20_240_607L;
  private static final int QUERIES = 60;
  /** Keeps every query quick: most cells (Totals included) one query may ask for. */
  private static final long MAX_CELLS = 20_000;
  private static SuperstarEmulator emulator;
  private static EmulatorSchema schema;
  private static Connection connection;

  @BeforeAll static void start() throws SQLException {
    emulator = SuperstarEmulator.start();
    schema = new EmulatorSchema(emulator.baseUrl());
    connection = DriverManager.getConnection("jdbc:statxplore:url=" + emulator.baseUrl() + ";apiKey=K");
  }

  @AfterAll static void stop() throws SQLException {
    connection.close();
    emulator.close();
  }

  @Test void columnsAreNamedAfterTheSchemaLabels() throws SQLException {
    for (Table t : schema.tables) {
      final Set<String> expected = new TreeSet<>();
      for (Field f : t.fields()) {
        f.valueSets().forEach(vs -> {
          expected.add(new Dim(f, vs).column());
          expected.add(new Dim(f, vs).codeColumn());
        });
      }
      t.statistics().forEach(s -> expected.add(s.column()));
      final Set<String> actual = new TreeSet<>();
      try (ResultSet rs = connection.getMetaData().getColumns(null, null, t.id(), null)) {
        while (rs.next()) {
          actual.add(rs.getString("COLUMN_NAME"));
        }
      }
      assertEquals(expected, actual, t.id());
    }
  }

  @TestFactory Stream<DynamicTest> sqlGivesTheEmulatorsAnswerInOneRequest() {
    final Random random = new Random(SEED);
    final List<GeneratedQuery> queries = new ArrayList<>();
    while (queries.size() < QUERIES) {
      final GeneratedQuery q = generate(random);
      if (q != null) {
        queries.add(q);
      }
    }
    return queries.stream().map(q -> DynamicTest.dynamicTest(q.sql(), () -> check(q)));
  }

  private static void check(GeneratedQuery q) throws SQLException {
    final int before = emulator.requestCount("/table");
    final List<List<Object>> actual = SqlAssert.rows(connection, q.sql());
    assertEquals(1, emulator.requestCount("/table") - before, "/table requests");
    final List<List<Object>> expected = q.expectedRows(emulator.table(q.tableQuery()));
    final Map<List<Object>, Integer> missing = counts(expected);
    final List<List<Object>> unexpected = new ArrayList<>();
    for (List<Object> row : actual) {
      final List<Object> key = GeneratedQuery.normalize(row);
      if (missing.merge(key, -1, Integer::sum) < 0) {
        unexpected.add(key);
      }
    }
    missing.values().removeIf(n -> n <= 0);
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      fail(String.format("%d rows expected, %d returned; missing %s; unexpected %s; /table query %s",
          expected.size(), actual.size(), first(missing.keySet()), first(unexpected), q.tableQuery()));
    }
  }

  /*
   * Driver bugs the differential check found. The generator leaves out the shapes of those still
   * disabled until they are fixed (repeated grouping sets).
   */

  @Test void inListOfTwentyItemsIsPushed() throws SQLException {
    final Table cilif = table("CILIF_REL");
    final Dim constituency = dim(cilif, "PARLC_CODE");
    final Column code = new Column(constituency, true);
    check(new GeneratedQuery(cilif, List.of(new Column(dim(cilif, "DATE_NAME"), true)), Grouping.PLAIN, List.of(),
        List.of(new Filter(Op.IN, List.of(code), constituency.valueSet().values().subList(0, 20))),
        cilif.statistics(), List.of(new Column(dim(cilif, "DATE_NAME"), true)), List.of(), false));
  }

  @Disabled("driver bug: a grouping set given twice costs two /table requests (one with totals, one without)")
  @Test void repeatedGroupingSetCostsOneRequest() throws SQLException {
    final Table households = table("UC_Households");
    final Column region = new Column(dim(households, "COA_CODE"), false);
    final Column month = new Column(dim(households, "DATE_NAME"), false);
    final List<Column> both = List.of(region, month);
    check(new GeneratedQuery(households, both, Grouping.SETS, List.of(both, both, List.of()),
        List.of(new Filter(Op.IN, List.of(new Column(month.dim(), true)), month.dim().valueSet().values().subList(0, 2))),
        households.statistics().subList(0, 1), both, List.of(), false));
  }

  /** The first value set of the table's field whose URI ends with {@code :name}. */
  private static Dim dim(Table table, String name) {
    final Field f = table.fields().stream().filter(x -> x.uri().endsWith(":" + name)).findFirst().orElseThrow();
    return new Dim(f, f.valueSets().get(0));
  }

  private static Map<List<Object>, Integer> counts(List<List<Object>> rows) {
    final Map<List<Object>, Integer> counts = new HashMap<>();
    rows.forEach(r -> counts.merge(r, 1, Integer::sum));
    return counts;
  }

  private static String first(Collection<List<Object>> rows) {
    return rows.stream().limit(5).toList() + (rows.size() > 5 ? " … (" + rows.size() + ")" : "");
  }

  /** A random query, or null when the draw is too big or filters out everything. */
  private static GeneratedQuery generate(Random r) {
    // UC_Households is drawn most: it alone has SUM and MEAN statistics and two value sets of one field.
    final Table table = r.nextInt(3) == 0 ? table("UC_Households") : schema.tables.get(r.nextInt(schema.tables.size()));
    final List<Dim> dims = new ArrayList<>();
    for (Field f : table.fields()) {
      // The API breaks a request down by one classification of a field, so one per query.
      dims.add(new Dim(f, f.valueSets().get(r.nextInt(f.valueSets().size()))));
    }
    Collections.shuffle(dims, r);
    final List<Dim> grouped = dims.subList(0, r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(Math.min(3, dims.size())));
    final List<Column> groupBy = new ArrayList<>();
    for (Dim d : grouped) {
      final boolean code = r.nextBoolean();
      groupBy.add(new Column(d, code));
      if (r.nextInt(5) == 0) {
        groupBy.add(new Column(d, !code));
      }
    }
    Grouping grouping = groupBy.isEmpty() ? Grouping.PLAIN : Grouping.values()[r.nextInt(Grouping.values().length)];
    if (grouping == Grouping.MIXED && groupBy.size() < 2) {
      grouping = Grouping.ROLLUP;
    }
    final List<Column> shown = new ArrayList<>(groupBy);
    if (shown.size() > 1 && r.nextInt(5) == 0) {
      shown.remove(r.nextInt(shown.size()));
    }
    final int groupingArgs = grouping == Grouping.PLAIN ? 0 : r.nextInt(3);
    final List<Filter> filters = new ArrayList<>();
    for (int n = r.nextInt(3); n > 0; n--) {
      filters.add(filter(r, dims.get(r.nextInt(dims.size()))));
    }
    final List<Statistic> aggregates = new ArrayList<>(table.statistics().stream()
        .filter(s -> !"MEDIAN".equals(s.function())).toList());
    Collections.shuffle(aggregates, r);
    final GeneratedQuery q = new GeneratedQuery(table, groupBy, grouping,
        grouping == Grouping.SETS ? sets(r, groupBy) : List.of(), filters,
        aggregates.subList(0, 1 + r.nextInt(aggregates.size())), shown,
        groupingArgs == 0 ? List.of() : groupingArgs == 1 ? groupBy.subList(0, 1) : groupBy, r.nextInt(4) == 0);
    long cells = 1;
    for (Dim d : q.grouped()) {
      final Set<Value> kept = q.kept(d);
      cells *= (kept == null ? d.valueSet().values().size() : kept.size()) + (grouping == Grouping.PLAIN ? 0 : 1);
    }
    final boolean empty = dims.stream().anyMatch(d -> q.kept(d) != null && q.kept(d).isEmpty());
    return empty || cells > MAX_CELLS ? null : q;
  }

  private static Table table(String id) {
    return schema.tables.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  private static Filter filter(Random r, Dim d) {
    final List<Value> all = d.valueSet().values();
    final Op op = Op.values()[r.nextInt(Op.values().length)];
    // Mostly short lists, sometimes long ones (Calcite would make 20 or more a join unless told not to).
    final int n = op == Op.EQ || op == Op.NE ? 1 : 1 + r.nextInt(Math.min(r.nextInt(4) == 0 ? 40 : 4, all.size()));
    final List<Value> values = new ArrayList<>(all);
    Collections.shuffle(values, r);
    final List<Column> columns = new ArrayList<>();
    for (int i = 0; i < (op == Op.OR ? n : 1); i++) {
      columns.add(new Column(d, r.nextBoolean()));
    }
    return new Filter(op, columns, values.subList(0, n));
  }

  /**
   * All grouped columns (each must be grouped somewhere), then one or two other distinct subsets,
   * the empty one (grand total only) among the choices. No set twice: see
   * {@link #repeatedGroupingSetCostsOneRequest()}.
   */
  private static List<List<Column>> sets(Random r, List<Column> columns) {
    final List<List<Column>> sets = new ArrayList<>();
    sets.add(columns);
    final int want = 2 + r.nextInt(2);
    for (int tries = 0; sets.size() < want && tries < 20; tries++) {
      final List<Column> set = new ArrayList<>();
      columns.stream().filter(c -> r.nextBoolean()).forEach(set::add);
      if (!sets.contains(set)) {
        sets.add(set);
      }
    }
    return sets;
  }
}
