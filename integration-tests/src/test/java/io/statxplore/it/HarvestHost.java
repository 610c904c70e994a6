package io.statxplore.it;

import io.statxplore.examples.spark.HarvestToParquet;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.apache.spark.sql.SparkSession;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/** Runs the harvest example against an emulator, then reads the Parquet files back. */
public final class HarvestHost {
  private HarvestHost() {
  }

  public static void main(String[] args) throws Exception {
    try (SuperstarEmulator emulator = SuperstarEmulator.start()) {
      final String url = "jdbc:statxplore:url=" + emulator.baseUrl();
      long cells;
      long regions;
      try (Connection c = DriverManager.getConnection(url);
           ResultSet rs = c.createStatement().executeQuery(
               "SELECT COUNT(*), COUNT(DISTINCT region_code) FROM uc_households")) {
        rs.next();
        cells = rs.getLong(1);
        regions = rs.getLong(2);
      }
      emulator.resetRequests();
      HarvestToParquet.main(new String[] {url, "uc_households", "region", args[0]});
      System.out.println("requests=" + emulator.requestCount("/table"));
      System.out.println("schemaRequests=" + emulator.requestCount("/schema"));
      System.out.println("expectedCells=" + cells);
      System.out.println("regions=" + regions);
      System.out.println("parquetRows=" + SparkSession.builder().getOrCreate().read().parquet(args[0]).count());
    }
  }
}
