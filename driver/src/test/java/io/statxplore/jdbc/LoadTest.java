package io.statxplore.jdbc;

import io.statxplore.core.http.ApiClient;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 16 threads × 200 queries against the emulator with a rate limit and random 503s: every query
 * returns the right rows or a clear error, and no HTTP call is left open.
 */
class LoadTest {
  private static final int THREADS = 16;
  private static final int QUERIES_PER_THREAD = 200;
  private static final String KEY = "load-key-0815";
  private static final List<String> QUERIES = List.of(
      "select month, sum(households_on_universal_credit) from uc_households group by month",
      "select region, sum(households_on_universal_credit) from uc_households where month_code = '201901' group by region",
      "select family_type, sum(households_on_universal_credit) from uc_households group by rollup(family_type)",
      "select month_code, avg(mean_of_payment_amount) from uc_households where region = 'London' group by month_code",
      "select gender, sum(people_on_universal_credit) from uc_monthly where month = 'April 2019' group by gender");

  @Test void concurrentQueriesThroughFailuresAndARateLimit() throws Exception {
    final int total = THREADS * QUERIES_PER_THREAD;
    try (SuperstarEmulator api = SuperstarEmulator.builder().apiKey(KEY).rateLimit(10 * total)
        .tableRateLimit(2 * total).start()) {
      final String url = "jdbc:statxplore:url=" + api.baseUrl() + ";apiKey=" + KEY;
      final Map<String, List<List<Object>>> expected = new HashMap<>();
      try (Connection c = DriverManager.getConnection(url)) {
        for (String sql : QUERIES) {
          expected.put(sql, rows(c, sql));
        }
      }
      api.resetRequests();
      api.faults().failRandomly(0.05, 503, 42);
      final int threadsBefore = Thread.activeCount();
      final AtomicInteger errors = new AtomicInteger();
      final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      final List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        final int thread = t;
        done.add(pool.submit(() -> {
          try (Connection c = DriverManager.getConnection(url)) {
            for (int i = 0; i < QUERIES_PER_THREAD; i++) {
              final String sql = QUERIES.get((thread + i) % QUERIES.size());
              final long start = System.nanoTime();
              try {
                assertEquals(expected.get(sql), rows(c, sql), sql);
              } catch (SQLException e) {
                // Four 503s in a row (1 in 160,000) exhaust the retries: a clear error, never wrong rows.
                assertEquals("08006", e.getSQLState(), e::getMessage);
                assertTrue(e.getMessage().contains("HTTP 503") && !e.getMessage().contains(KEY), e::getMessage);
                errors.incrementAndGet();
              }
              latencies.add(System.nanoTime() - start);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
      assertEquals(total, latencies.size());
      // 16 connections were opened and closed: their clients' threads are gone, but for OkHttp's
      // shared idle pool threads.
      final int threadsAfter = Thread.activeCount();
      assertTrue(threadsAfter <= threadsBefore + 8, threadsBefore + " threads before, " + threadsAfter + " after");
      assertEquals(0, ApiClient.callsInFlight(), "HTTP calls left open");
      final int requests = api.requestCount("/table");
      final List<Long> sorted = latencies.stream().sorted().toList();
      System.out.printf("LoadTest: %d queries, %d errors, %d /table requests (%d retries), p50 %.1f ms,"
          + " p99 %.1f ms, threads %d before, %d after%n", total, errors.get(), requests, requests - total,
          sorted.get(total / 2) / 1e6, sorted.get(total * 99 / 100) / 1e6, threadsBefore, threadsAfter);
      assertTrue(requests > total, "5% of requests failed, so some were retried");
      assertTrue(errors.get() <= 2, errors.get() + " queries failed");
    }
  }
}
