package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run that names its command models only that one; help, a misspelt command and options given
 * before the command still see every command.
 */
class CommandNamesTest {
  private static final List<String> COMMANDS = List.of("sql", "harvest", "schema", "info", "rate-limit");

  @Test void helpListsEveryCommandInOrder() {
    final Cli.Result r = Cli.run("--help");
    assertEquals(0, r.code(), r.err());
    final String commands = r.out().substring(r.out().indexOf("Commands:"));
    final List<String> names = commands.lines().skip(1).filter(l -> l.startsWith("  ") && !l.startsWith("    "))
        .map(l -> l.strip().split(" ")[0]).toList();
    assertEquals(COMMANDS, names);
  }

  @Test void aNamedCommandRunsAndShowsItsOwnHelp() {
    final Cli.Result help = Cli.run("harvest", "--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().startsWith("Usage: statxplore harvest "), help.out());
    final Cli.Result sql = Cli.run("sql", "--demo", "--format", "csv", "-e", "SELECT 1 AS one");
    assertEquals(0, sql.code(), sql.err());
    assertEquals(List.of("one", "1"), sql.outLines());
  }

  @Test void aMisspeltCommandIsRefusedWithTheCommandsThereAre() {
    final Cli.Result r = Cli.run("harvst", "-q", "q.json");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Unmatched argument") && r.err().contains("harvest"), r.err());
  }

  @Test void optionsBeforeTheCommandReachIt() {
    try (SuperstarEmulator api = SuperstarEmulator.builder().apiKey(Cli.KEY).start()) {
      final Cli.Result r = Cli.run("--url", "jdbc:statxplore:url=" + api.baseUrl(), "-k", Cli.KEY, "info");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("languages:"), r.out());
      assertEquals(List.of("GET /info"), Cli.requests(api));
    }
  }
}
