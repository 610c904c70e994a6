package io.statxplore.protari;

import io.statxplore.core.testkit.SqlKit;
import io.statxplore.protari.emulator.ProtariEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated queries (grouping, filters of every kind: one value, alternatives, runs of intervals,
 * a parent's leaves, the empty sentinel, related fields; count, sum and mean; totals; custom groups
 * built with CASE) through SQL equal the emulator's answer to the equivalent API query, each from
 * exactly one request.
 */
class DifferentialTest {
  private static final int QUERIES = 40;
  private static ProtariEmulator emulator;
  private static SqlKit<?> sql;

  /** What a dataset offers a generated query: fields to group by, filters per field, functions. */
  private record Pool(String dataset, String unit, boolean longitudinal, boolean disjunctions, List<String> groups,
      Map<String, List<List<String>>> filters, List<String> functions) { }

  private static final List<Pool> POOLS = List.of(
      new Pool("sample", "people", false, true, List.of("SEX", "DWELL", "ROOMS", "POSTCODE", "AMOUNT", "COUNTRY",
          "EXPIRY"), Map.of(
              "SEX", List.of(List.of("M"), List.of(""), List.of("F", "M")),
              "ROOMS", List.of(List.of("3", "4", "5"), List.of(">=8"), List.of("1", "3", "4", "5", "7", ">=8")),
              "AMOUNT", List.of(List.of("10-19.99", "20-29.99"), List.of(">=100")),
              "COUNTRY", List.of(List.of("1101", "1102", "1199"), List.of("1201", "9999")),
              "EXPIRY", List.of(List.of("2010-01-01/2014-12-31", "2015-01-01/2019-12-31"), List.of("null")),
              "DWELL", List.of(List.of("001"), List.of("002", "003")),
              "POSTCODE", List.of(List.of("6722", "6429"))),
          List.of("count", "sum AMOUNT", "mean ROOMS", "mean AMOUNT", "sum ROOMS")),
      new Pool("sample_longitudinal", "people", true, false, List.of("SEX", "DWELL", "ROOMS", "AMOUNT"), Map.of(
              "SEX", List.of(List.of("M"), List.of(""), List.of("F", "M")),
              "ROOMS", List.of(List.of("3", "4", "5"), List.of(">=8")),
              "AMOUNT", List.of(List.of(">=100"), List.of("0-9.99", "10-19.99", "20-29.99")),
              "DWELL", List.of(List.of("002"))),
          List.of("count", "mean ROOMS", "sum AMOUNT")),
      new Pool("joined_person", "people", false, true, List.of("SEX", "AGE", "buyer_transactions.type",
          "household.STATE", "seller_transactions.VALUE"), Map.of(
              "SEX", List.of(List.of("F")),
              "AGE", List.of(List.of("18-64", ">=65")),
              "buyer_transactions.type", List.of(List.of("A"), List.of("B", "C")),
              "household.STATE", List.of(List.of("WA")),
              "buyer_transactions.item.CATEGORY", List.of(List.of("TOYS"))),
          List.of("count", "sum AGE", "mean AGE")),
      new Pool("sample_laplace", "people", false, true, List.of("SEX", "DWELL", "ROOMS"), Map.of(
              "SEX", List.of(List.of("F"), List.of("", "M")),
              "ROOMS", List.of(List.of("0", "1", "2"))),
          List.of("count", "mean ROOMS")));

  /** A generated query: the SQL and the API query that must answer the same. */
  private record Generated(String dataset, String sql, String api) { }

  @BeforeAll static void start() throws Exception {
    emulator = ProtariEmulator.start("diff");
    sql = SqlKit.open(new ProtariAdapterFactory(), emulator.baseUrl()).key("diff").kit();
    for (Pool p : POOLS) {
      EmulatorAnswers.rows(sql, "SELECT * FROM " + p.dataset() + " WHERE 1 = 0");
    }
  }

  @AfterAll static void stop() throws Exception {
    sql.close();
    emulator.close();
  }

  private static String column(String path) {
    return path.replace('.', '_').toLowerCase(Locale.ROOT) + "_code";
  }

  private static String literal(String code) {
    return "'" + code.replace("'", "''") + "'";
  }

  private static Generated generate(Random random, Pool pool) {
    while (true) {
      final List<String> groups = new ArrayList<>();
      final int g = random.nextInt(3);
      while (groups.size() < g) {
        final String f = pool.groups().get(random.nextInt(pool.groups().size()));
        if (!groups.contains(f)) {
          groups.add(f);
        }
      }
      // A grouped field of a dataset that allows them may become custom groups: a CASE of some values and the rest.
      final String custom = pool.disjunctions() && !groups.isEmpty() && random.nextInt(3) == 0 ? groups.get(0) : null;
      final List<List<String>> several = custom == null ? List.of()
          : pool.filters().getOrDefault(custom, List.of()).stream().filter(c -> c.size() > 1).toList();
      final List<String> customCodes = several.isEmpty() ? null : several.get(random.nextInt(several.size()));
      final Map<String, List<String>> filters = new LinkedHashMap<>();
      final List<String> filterable = new ArrayList<>(pool.filters().keySet());
      filterable.sort(null);
      for (int i = random.nextInt(3); i > 0; i--) {
        final String f = filterable.get(random.nextInt(filterable.size()));
        final List<List<String>> choices = pool.filters().get(f);
        final List<String> codes = choices.get(random.nextInt(choices.size()));
        if (codes.size() > 1 && !pool.disjunctions() && !groups.contains(f) || customCodes != null && f.equals(custom)) {
          continue;
        }
        filters.put(f, codes);
      }
      final List<String> fields = new ArrayList<>(groups);
      filters.keySet().stream().filter(f -> !fields.contains(f)).forEach(fields::add);
      if (fields.stream().filter(List.of("AMOUNT", "COUNTRY", "POSTCODE")::contains).count() > 2) {
        continue;
      }
      final String function = pool.functions().get(random.nextInt(pool.functions().size()));
      final boolean totals = !groups.isEmpty() && random.nextInt(4) == 0;
      final String aggregate = function.equals("count") ? "SUM(" + pool.unit() + ")"
          : function.startsWith("sum ") ? "SUM(sum_" + function.substring(4).toLowerCase(Locale.ROOT) + ")"
          : "AVG(mean_" + function.substring(5).toLowerCase(Locale.ROOT) + ")";
      final String customKey = customCodes == null ? null : "CASE WHEN " + column(custom) + " IN ("
          + customCodes.stream().map(DifferentialTest::literal).collect(Collectors.joining(", ")) + ") THEN "
          + literal(String.join(";", customCodes)) + " ELSE 'other' END";
      final List<String> keys = new ArrayList<>(groups.stream()
          .map(f -> customCodes != null && f.equals(custom) ? customKey : column(f)).toList());
      final List<String> where = filters.entrySet().stream().map(e -> e.getValue().size() == 1
          ? column(e.getKey()) + " = " + literal(e.getValue().get(0))
          : column(e.getKey()) + " IN (" + e.getValue().stream().map(DifferentialTest::literal)
              .collect(Collectors.joining(", ")) + ")").toList();
      final List<String> groupBy = new ArrayList<>();
      if (!keys.isEmpty()) {
        groupBy.add(totals ? "CUBE(" + String.join(", ", keys) + ")" : String.join(", ", keys));
      }
      // TRIM: the CASE's texts are CHAR, padded to the longest.
      final List<String> select = new ArrayList<>(keys.stream().map(k -> k.equals(customKey) ? "TRIM(" + k + ")" : k)
          .toList());
      if (pool.longitudinal()) {
        select.add("year_code");
        groupBy.add("year_code");
      }
      select.add(aggregate);
      final String query = "SELECT " + String.join(", ", select) + " FROM " + pool.dataset()
          + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
          + (groupBy.isEmpty() ? "" : " GROUP BY " + String.join(", ", groupBy));
      final List<String> api = new ArrayList<>();
      if (!groups.isEmpty()) {
        api.add("group_by=" + groups.stream().map(f -> customCodes != null && f.equals(custom)
            ? f + ":" + String.join(";", customCodes) : f).collect(Collectors.joining(",")));
      }
      api.add("function=" + function);
      if (!filters.isEmpty()) {
        api.add("where=" + filters.entrySet().stream().map(e -> e.getKey() + "=" + String.join(";", e.getValue()))
            .collect(Collectors.joining(",")));
      }
      if (totals) {
        api.add("totals=true");
      }
      return new Generated(pool.dataset(), query, String.join("&", api));
    }
  }

  @Test void generatedQueriesEqualTheApisAnswerFromOneRequestEach() throws Exception {
    final Random random = new Random(16);
    int totals = 0;
    int related = 0;
    int custom = 0;
    for (int i = 0; i < QUERIES; i++) {
      final Generated q = generate(random, POOLS.get(i % POOLS.size()));
      final List<String> expected = EmulatorAnswers.rows(emulator, q.dataset(), q.api(), "diff");
      emulator.clearRequests();
      assertEquals(expected, EmulatorAnswers.rows(sql, q.sql()), q.sql() + "\n  vs " + q.api());
      assertEquals(1, emulator.requests().size(), q.sql() + " sent " + emulator.requests());
      assertTrue(emulator.requests().get(0).path().endsWith("/datasets/" + q.dataset() + "/aggregation"));
      totals += q.api().contains("totals=true") ? 1 : 0;
      related += q.api().contains("_transactions.") || q.api().contains("household.") ? 1 : 0;
      custom += q.sql().contains("CASE WHEN") ? 1 : 0;
    }
    assertTrue(totals >= 3 && related >= 3 && custom >= 3, "the generated queries cover totals (" + totals
        + "), related fields (" + related + ") and custom groups (" + custom + ")");
  }
}
