package io.statxplore.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.statxplore.it.ChildJvm.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The self-contained jar inside Spark 3.5 local mode, after Spark's class path (as {@code --jars}
 * puts it) and before it: a read partitioned by item sends one request per partition, and a
 * query given as Spark's {@code query} option gets the driver's figures in one request.
 */
class SparkJarIT {
  @ParameterizedTest(name = "driver jar first: {0}")
  @ValueSource(booleans = {false, true})
  void readsPartitionsAndPushedQueries(boolean driverFirst) throws Exception {
    final List<String> out = ChildJvm.run(driverFirst, SparkHost.class, "partitions");
    final int partitions = Integer.parseInt(value(out, "partitions"));
    assertEquals(Integer.parseInt(value(out, "regions")), partitions, "one partition per region");
    assertEquals(partitions, Integer.parseInt(value(out, "partitionRequests")), "one /table request per partition");
    assertEquals("true", value(out, "queryEqual"), String.join("\n", out));
    assertEquals("1", value(out, "queryRequests"));
  }
}
