package io.statxplore.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.statxplore.it.ChildJvm.value;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SchemaCrawler crawls the driver's schema (tables and their columns) without an error. */
class SchemaCrawlerIT {
  @Test void crawls() throws Exception {
    final List<String> out = ChildJvm.run(false, SchemaCrawlerHost.class);
    final String all = String.join("\n", out);
    assertTrue(Integer.parseInt(value(out, "tables")) >= 4, all);
    assertTrue(Integer.parseInt(value(out, "columns")) > 20, all);
    assertTrue(all.contains("uc_households"), all);
  }
}
