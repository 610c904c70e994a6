package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.Test;

import static io.statxplore.jdbc.cli.Cli.KEY;
import static io.statxplore.jdbc.cli.Cli.run;
import static io.statxplore.jdbc.cli.Cli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sqlline's metadata commands find a table by the name SQL uses, in the case the user types it. */
class ShellColumnsTest {
  @Test void columnsOfATableTypedInLowerOrMixedCase() {
    try (SuperstarEmulator emulator = SuperstarEmulator.builder().apiKey(KEY).start()) {
      for (String typed : new String[] {"uc_households", "UC_Households"}) {
        final Cli.Result r = run("!columns " + typed + "\n!quit\n", false, with(emulator));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("region_code") && r.out().contains("uc_households"), typed + ": " + r.out());
      }
    }
  }
}
