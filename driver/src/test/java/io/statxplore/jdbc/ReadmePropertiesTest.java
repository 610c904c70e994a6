package io.statxplore.jdbc;

import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.Setting;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's property table follows the declarations: a row for every property the driver and its
 * adapters declare, whose last cell (the default) shows the declared default, and the URL row
 * each adapter's default URL.
 */
class ReadmePropertiesTest {
  /** The property rows of the README (lines {@code | `name` | … |}), by name: their cells. */
  private static Map<String, List<String>> rows() throws IOException {
    final Map<String, List<String>> rows = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      if (line.startsWith("| `")) {
        final List<String> cells = List.of(line.substring(1, line.lastIndexOf('|')).split("\\|")).stream()
            .map(String::strip).toList();
        rows.putIfAbsent(cells.get(0).replace("`", ""), cells);
      }
    }
    return rows;
  }

  private static void assertRow(Map<String, List<String>> rows, String name, String defaultValue) {
    final List<String> row = rows.get(name);
    assertNotNull(row, "README's property table has no row for " + name);
    if (defaultValue != null) {
      assertTrue(row.get(row.size() - 1).contains("`" + defaultValue + "`"),
          () -> "README gives " + name + " the default " + row.get(row.size() - 1) + ", not `" + defaultValue + "`");
    }
  }

  @Test void everyDeclaredPropertyHasARowWithItsDefault() throws IOException {
    final Map<String, List<String>> rows = rows();
    for (DriverProperty p : DriverProperty.values()) {
      assertRow(rows, p.key(), p.defaultValue());
    }
    for (Setting s : Adapters.settings()) {
      assertRow(rows, s.name(), s.defaultValue());
    }
    for (AdapterFactory f : Adapters.all()) {
      assertTrue(String.join("|", rows.get("url")).contains("`" + f.defaultUrl() + "`"),
          () -> "README's url row does not give api=" + f.api() + "'s default " + f.defaultUrl());
    }
  }
}
