package io.statxplore.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.statxplore.it.ChildJvm.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DataFrame aggregates through Spark's JDBC catalog with the driver's dialect registered: Spark
 * pushes them, so its figures are the driver's (the API's), each action one request.
 */
class SparkDialectIT {
  @Test void aggregatesAndLimitsArePushed() throws Exception {
    final List<String> out = ChildJvm.run(false, SparkHost.class, "dialect");
    final String all = String.join("\n", out);
    assertEquals("true", value(out, "sumEqual"), all);
    assertEquals("1", value(out, "sumRequests"), all);
    assertEquals("true", value(out, "avgEqual"), all);
    assertEquals("1", value(out, "avgRequests"), all);
    assertEquals("3", value(out, "limitRows"), all);
    assertEquals("1", value(out, "limitRequests"), all);
  }
}
