package io.statxplore.jdbc.cli;

import io.statxplore.jdbc.AnswerCells;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static io.statxplore.jdbc.cli.Cli.KEY;
import static io.statxplore.jdbc.cli.Cli.run;
import static io.statxplore.jdbc.cli.Cli.tableBodies;
import static io.statxplore.jdbc.cli.Cli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a command the tool is sqlline, connected by the same options; the key is not in its output. */
class ShellTest {
  @Test void runsStatementsFromItsInput() {
    try (SuperstarEmulator emulator = SuperstarEmulator.builder().apiKey(KEY).start()) {
      final Cli.Result r = run("SELECT region, SUM(households_on_universal_credit) AS n FROM uc_households"
          + " WHERE region_code = 'E12000007' GROUP BY region;\n!quit\n", false, with(emulator));
      assertEquals(0, r.code(), r.err());

      final JsonNode body = SqlCommandTest.regions(false, 7);
      assertEquals(List.of(body), tableBodies(emulator));

      final List<Object> london = AnswerCells.rows(emulator.table(body)).get(0);
      final JsonNode row = Cli.JSON.valueToTree(london);
      assertTrue(Pattern.compile("\\|\\s*London\\s*\\|\\s*" + Pattern.quote(row.get(1).asText()) + "\\s*\\|")
          .matcher(r.out()).find(), r.out());
      assertFalse(r.out().contains(KEY) || r.err().contains(KEY));
    }
  }
}
