package io.statxplore.jdbc.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Statements split at semicolons outside literals, quoted names and comments. */
class SqlScriptTest {
  @Test void splitsOnlyAtStatementEnds() {
    assertEquals(List.of("SELECT 'a;b', \"x;y\" FROM t", "-- c;\nSELECT 'it''s;' /* ; */", "SELECT 3"),
        SqlScript.split("SELECT 'a;b', \"x;y\" FROM t; -- c;\nSELECT 'it''s;' /* ; */;\n\nSELECT 3"));
    assertEquals(List.of(), SqlScript.split(" ;\n-- only a comment;\n/* and ; another */ ; "));
  }
}
