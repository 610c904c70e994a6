package io.statxplore.examples.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Harvests a table's cells into Parquet with Spark, one partition per item of a field: each
 * partition is one query {@code WHERE <field>_code = '<code>'}, which the driver sends as one API
 * request, so a large table is fetched in requests of bounded size, several at once.
 *
 * <p>Arguments: a {@code jdbc:statxplore:} URL, the table, the field to partition by (a label
 * column; its code column names the items), the output directory.
 */
public final class HarvestToParquet {
  private HarvestToParquet() {
  }

  public static void main(String[] args) throws Exception {
    final String url = args[0];
    final String table = args[1];
    final String field = args[2];
    final String output = args[3];
    final List<String> predicates = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
         ResultSet items = c.createStatement().executeQuery(
             "SELECT " + field + "_code FROM " + table + " GROUP BY " + field + "_code")) {
      while (items.next()) {
        predicates.add(field + "_code = '" + items.getString(1).replace("'", "''") + "'");
      }
    }
    final SparkSession spark = SparkSession.builder().appName("harvest " + table).getOrCreate();
    final Properties properties = new Properties();
    properties.setProperty("driver", "io.statxplore.jdbc.StatXploreDriver");
    final Dataset<Row> cells = spark.read().jdbc(url, table, predicates.toArray(String[]::new), properties);
    cells.write().mode(SaveMode.Overwrite).parquet(output);
    System.out.println("harvested " + predicates.size() + " partitions of " + table + " into " + output);
  }
}
