package io.statxplore.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.statxplore.it.ChildJvm.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harvest example writes every cell of a table to Parquet: one request lists the regions, then
 * one per region; the partitions' connections share the schema the first connection read.
 */
class SparkHarvestIT {
  @Test void harvestsATableInPartitions(@TempDir Path dir) throws Exception {
    final List<String> out = ChildJvm.run(false, HarvestHost.class, dir.resolve("uc_households").toString());
    assertEquals(value(out, "expectedCells"), value(out, "parquetRows"), String.join("\n", out));
    assertEquals(Long.parseLong(value(out, "regions")) + 1, Long.parseLong(value(out, "requests")),
        "one request for the list of regions, then one per region");
    assertTrue(Long.parseLong(value(out, "schemaRequests")) < Long.parseLong(value(out, "regions")),
        "each partition's connection would read the table's schema again: " + String.join("\n", out));
  }
}
