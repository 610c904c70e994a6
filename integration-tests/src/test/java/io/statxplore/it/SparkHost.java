package io.statxplore.it;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

/**
 * What the Spark tests run in Spark local mode against an emulator it starts: prints
 * {@code key=value} lines of the figures Spark got, the driver's own, and the {@code /table}
 * requests each Spark action sent.
 */
public final class SparkHost {
  static final String N = "households_on_universal_credit";

  private SparkHost() {
  }

  public static void main(String[] args) throws Exception {
    try (SuperstarEmulator emulator = SuperstarEmulator.start()) {
      final String url = "jdbc:statxplore:url=" + emulator.baseUrl();
      final SparkSession spark = SparkSession.builder().getOrCreate();
      if (args[0].equals("dialect")) {
        io.statxplore.jdbc.spark.StatXploreDialect.register();
        dialect(spark, emulator, url);
      } else {
        partitions(spark, emulator, url);
      }
      spark.stop();
    }
  }

  /** A read partitioned by region (one pushed request each) and a pushed aggregate through the query option. */
  private static void partitions(SparkSession spark, SuperstarEmulator emulator, String url) throws Exception {
    final Map<String, Double> own = own(url, "SELECT region, SUM(" + N + ") FROM uc_households GROUP BY region");
    final List<String> predicates = new ArrayList<>();
    own.keySet().forEach(region -> predicates.add("region = '" + region.replace("'", "''") + "'"));
    final Properties properties = new Properties();
    properties.setProperty("driver", "io.statxplore.jdbc.StatXploreDriver");
    emulator.resetRequests();
    final Dataset<Row> cells = spark.read().jdbc(url, "uc_households", predicates.toArray(String[]::new), properties);
    System.out.println("regions=" + own.size());
    System.out.println("partitions=" + cells.rdd().getNumPartitions());
    System.out.println("cells=" + cells.count());
    System.out.println("partitionRequests=" + emulator.requestCount("/table"));
    emulator.resetRequests();
    final Dataset<Row> pushed = spark.read().format("jdbc").option("url", url)
        .option("driver", "io.statxplore.jdbc.StatXploreDriver")
        .option("query", "SELECT region, SUM(" + N + ") AS n FROM uc_households GROUP BY region").load();
    System.out.println("queryEqual=" + own.equals(figures(pushed.collectAsList())));
    System.out.println("queryRequests=" + emulator.requestCount("/table"));
  }

  /** DataFrame aggregates through Spark's JDBC catalog with the dialect: the API's figures, one request. */
  private static void dialect(SparkSession spark, SuperstarEmulator emulator, String url) throws Exception {
    final String table;
    try (Connection c = DriverManager.getConnection(url);
         ResultSet rs = c.getMetaData().getTables(null, "statxplore", "%", null)) {
      String found = null;
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equalsIgnoreCase("uc_households")) {
          found = rs.getString("TABLE_NAME");
        }
      }
      table = found;
    }
    spark.conf().set("spark.sql.catalog.sx", "org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog");
    spark.conf().set("spark.sql.catalog.sx.url", url);
    spark.conf().set("spark.sql.catalog.sx.driver", "io.statxplore.jdbc.StatXploreDriver");
    spark.conf().set("spark.sql.catalog.sx.pushDownAggregate", "true");
    spark.conf().set("spark.sql.catalog.sx.pushDownLimit", "true");
    final Dataset<Row> households = spark.table("sx.statxplore." + table);

    final Map<String, Double> ownSums = own(url, "SELECT month, SUM(" + N + ") FROM uc_households GROUP BY month");
    emulator.resetRequests();
    final Dataset<Row> byMonth = households.groupBy("month").agg(sum(N));
    System.out.println("sumPlan=" + byMonth.queryExecution().executedPlan().toString().replace('\n', ' '));
    final List<Row> sums = byMonth.collectAsList();
    System.out.println("sumSpark=" + figures(sums));
    System.out.println("sumOwn=" + ownSums);
    System.out.println("sumRequests=" + emulator.requestCount("/table"));
    System.out.println("sumGroups=" + sums.size());
    System.out.println("sumEqual=" + ownSums.equals(figures(sums)));

    final String mean = "mean_of_payment_amount";
    final Map<String, Double> ownMeans = own(url, "SELECT region, AVG(" + mean + ") FROM uc_households GROUP BY region");
    emulator.resetRequests();
    final List<Row> means = households.groupBy("region").agg(avg(mean)).collectAsList();
    System.out.println("avgRequests=" + emulator.requestCount("/table"));
    System.out.println("avgEqual=" + ownMeans.equals(figures(means)));

    emulator.resetRequests();
    final List<Row> firstRows = households.select(col("month"), col(N)).limit(3).collectAsList();
    System.out.println("limitRows=" + firstRows.size());
    System.out.println("limitRequests=" + emulator.requestCount("/table"));
  }

  /** The driver's own figures for a query of a key and a number. */
  private static Map<String, Double> own(String url, String sql) throws Exception {
    final Map<String, Double> figures = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        figures.put(rs.getString(1), rs.getDouble(2));
      }
    }
    return figures;
  }

  private static Map<String, Double> figures(List<Row> rows) {
    final Map<String, Double> figures = new TreeMap<>();
    rows.forEach(r -> figures.put(r.getString(0), ((Number) r.get(1)).doubleValue()));
    return figures;
  }
}
