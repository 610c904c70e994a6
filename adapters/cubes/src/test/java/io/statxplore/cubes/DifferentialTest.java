package io.statxplore.cubes;

import io.statxplore.cubes.emulator.CubesEmulator;
import io.statxplore.cubes.emulator.CubesEmulator.Flavor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Generated aggregate queries that each flavor computes in one aggregate request (plus one per
 * extra page past the emulator's cap of {@value #CAP} cells) answer as the same SQL over the same
 * entries in plain Calcite.
 */
class DifferentialTest {
  private static final int CAP = 25;
  private static final int QUERIES = 40;
  private static final String TABLE = "cubes.ukgov_finances_cra";

  private static CubesEmulator emulator;
  private static Reference reference;

  @BeforeAll static void start() throws Exception {
    emulator = CubesEmulator.builder().pageCap(CAP).start();
    reference = new Reference(emulator.datasets().get("ukgov-finances-cra"));
  }

  @AfterAll static void stop() throws Exception {
    reference.close();
    emulator.close();
  }

  /** A generated query, and whether its LIMIT (if any) is pushed with an order. */
  record Query(String sql, boolean ordered, Long limit) { }

  static List<Query> generate(Flavor flavor, long seed) {
    final Random random = new Random(seed);
    // Cubes groups by level keys (a label beside its key); the others by any attribute.
    final List<List<String>> groupings = flavor == Flavor.CUBES
        ? List.of(List.of("time_year"), List.of("region_name"), List.of("cofog1_name", "cofog1_label"),
            List.of("cofog3_name"), List.of("from_name", "time_year"), List.of("region_name", "region_label", "to_name"),
            List.of("cofog2_name", "time_year"))
        : List.of(List.of("time_year"), List.of("region_label"), List.of("cofog1_label"), List.of("cofog3_name"),
            List.of("from_name", "time_year"), List.of("region_name", "to_label"), List.of("cofog2_name", "time_year"));
    final List<String> aggregates = flavor == Flavor.V2 ? List.of("SUM(amount)", "COUNT(*)")
        : List.of("SUM(amount)", "COUNT(*)", "MIN(amount)", "MAX(amount)");
    final List<String> filters = new ArrayList<>(List.of("", "time_year = 2008", "region_name IN ('UKC', 'UKI', 'UKM')",
        "from_name = 'dept-dh'", "time_year IN (2005, 2010) AND to_name = 'lg'", "cofog1_name = '07'"));
    if (flavor == Flavor.CUBES) {
      filters.addAll(List.of("time_year BETWEEN 2006 AND 2008", "time_year > 2008 AND region_name = 'UKE'"));
    }
    final List<Query> queries = new ArrayList<>();
    for (int i = 0; i < QUERIES; i++) {
      final List<String> keys = groupings.get(random.nextInt(groupings.size()));
      final List<String> aggs = new ArrayList<>();
      aggs.add(aggregates.get(random.nextInt(aggregates.size())));
      if (random.nextBoolean()) {
        aggs.add(aggregates.get(random.nextInt(aggregates.size())));
      }
      final boolean total = i % 8 == 7;
      final String filter = filters.get(random.nextInt(filters.size()));
      final StringBuilder sql = new StringBuilder("SELECT ");
      if (!total) {
        sql.append(String.join(", ", keys)).append(", ");
      }
      sql.append(String.join(", ", aggs)).append(" FROM ").append(TABLE);
      if (!filter.isEmpty()) {
        sql.append(" WHERE ").append(filter);
      }
      if (total) {
        queries.add(new Query(sql.toString(), false, null));
        continue;
      }
      sql.append(" GROUP BY ").append(String.join(", ", keys));
      final boolean ordered = random.nextInt(3) > 0;
      Long limit = null;
      if (ordered) {
        // v2 sorts cells by an aggregate only; sums of random amounts do not tie.
        sql.append(" ORDER BY ").append(flavor == Flavor.V2 ? "SUM(amount) DESC" : String.join(", ", keys));
        if (random.nextBoolean()) {
          limit = (long) (5 + random.nextInt(40));
          sql.append(" LIMIT ").append(limit);
        }
      }
      queries.add(new Query(sql.toString(), ordered, limit));
    }
    return queries;
  }

  @ParameterizedTest @EnumSource(Flavor.class)
  void generatedQueriesEqualTheReferenceEngineInOneRequestPerPage(Flavor flavor) throws Exception {
    final List<Query> queries = generate(flavor, 42 + flavor.ordinal());
    int checked = 0;
    try (CubesSql sql = new CubesSql(emulator.baseUrl(), CubesSql.flavorSetting(flavor), null)) {
      sql.rows("SELECT COUNT(*) FROM " + TABLE);
      for (Query q : queries) {
        final List<List<Object>> expected = normalize(reference.sql.rows(q.sql().replace(TABLE, "ref.t")), q.ordered());
        final long groups = q.sql().contains("GROUP BY")
            ? reference.sql.rows(q.sql().replaceAll(" ORDER BY.*", "").replace(TABLE, "ref.t")).size() : 1;
        emulator.clearRequests();
        final List<List<Object>> actual = normalize(sql.rows(q.sql()), q.ordered());
        assertEquals(expected, actual, q.sql());
        final long sent = emulator.requests().stream()
            .filter(r -> r.path().contains("aggregate") || r.path().contains("facts") || r.path().contains("search"))
            .peek(r -> assertEquals(true, r.path().contains("aggregate"), q.sql() + " read entries: " + r))
            .count();
        final long wanted = q.limit() == null ? groups : Math.min(groups, q.limit());
        final long page = q.limit() == null ? CAP : Math.min(CAP, q.limit());
        assertEquals(q.sql().contains("GROUP BY") ? Math.max(1, (wanted + page - 1) / page) : 1, sent,
            q.sql() + " → " + emulator.requests());
        checked++;
      }
    }
    assertEquals(QUERIES, checked);
  }

  /** Numbers as doubles; unordered answers sorted, so that only the rows are compared. */
  static List<List<Object>> normalize(List<List<Object>> rows, boolean ordered) {
    final List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : rows) {
      out.add(row.stream().map(v -> v instanceof Number n ? (Object) n.doubleValue() : v).toList());
    }
    if (!ordered) {
      out.sort(Comparator.comparing(Object::toString));
    }
    return out;
  }
}
