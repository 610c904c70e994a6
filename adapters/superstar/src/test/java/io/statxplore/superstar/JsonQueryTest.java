package io.statxplore.superstar;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Exported query JSON: sent as the harvester sent it, and refused with a reason when it is not a query. */
class JsonQueryTest {
  private static final String DB = "\"database\": \"str:database:UC_Monthly\"";
  private static final String MEASURES = "\"measures\": [\"str:count:UC_Monthly:V_F_UC_CASELOAD_FULL\"]";
  private static final String DIMS = "\"dimensions\": [[\"str:field:UC_Monthly:F_UC_DATE:DATE_NAME\"],"
      + " [\"str:field:UC_Monthly:V_F_UC_CASELOAD_FULL:GENDER\"]]";
  private static final String RECODES = "\"recodes\": {\"str:field:UC_Monthly:V_F_UC_CASELOAD_FULL:GENDER\":"
      + " {\"map\": [[\"str:value:UC_Monthly:V_F_UC_CASELOAD_FULL:GENDER:C_UC_GENDER:F\"]]}}";

  @TempDir Path dir;

  private static String body(JsonQuery q) {
    return new String(q.body(), StandardCharsets.UTF_8);
  }

  @Test void theBodyHasTheHarvestersKeyOrder() throws Exception {
    final JsonQuery q = JsonQuery.parse("{" + String.join(", ", DB, RECODES, MEASURES, DIMS) + "}", "q");
    assertEquals("{" + String.join(",", DB, MEASURES, RECODES, DIMS).replace(": ", ":").replace(", ", ",") + "}",
        body(q));
    assertEquals(List.of("str:count:UC_Monthly:V_F_UC_CASELOAD_FULL"), q.measures());
    assertEquals(List.of("str:field:UC_Monthly:F_UC_DATE:DATE_NAME", "str:field:UC_Monthly:V_F_UC_CASELOAD_FULL:GENDER"),
        q.fields());
    assertEquals("{" + String.join(",", DB, MEASURES, DIMS).replace(": ", ":").replace(", ", ",") + "}",
        body(JsonQuery.parse("{" + String.join(", ", DB, MEASURES, DIMS) + "}", "q")), "no recodes key when none");
  }

  @Test void takesAPathOrInlineJson() throws Exception {
    final String json = "{" + String.join(", ", DB, MEASURES, DIMS) + "}";
    final Path file = Files.writeString(dir.resolve("q.json"), json);
    assertEquals(body(JsonQuery.parse(json, "q")), body(JsonQuery.of(file.toString())));
    assertEquals("query file " + file, JsonQuery.of(" " + file + " ").source());
    assertEquals("the query JSON", JsonQuery.of(json).source());
  }

  @Test void refusesWhatIsNotAQuery() {
    final Object[][] cases = {
        {"\n\"database\": 1,\n}", "q is not valid JSON: Unexpected character (':' (code 58)): expected a valid value"
            + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 2, column 11)"},
        {"[1]", "q is not a JSON object with database, measures and dimensions"},
        {"{" + String.join(", ", DB, MEASURES, DIMS, "\"x\": 1") + "}",
            "q has an unknown key \"x\"; a /table query has database, measures, recodes and dimensions"},
        {"{" + String.join(", ", MEASURES, DIMS) + "}",
            "q: \"database\" must be a database URI such as str:database:UC_Monthly"},
        {"{" + String.join(", ", DB, "\"measures\": []", DIMS) + "}",
            "q: \"measures\" must be a non-empty list of measure URIs (str:count:…, str:statfn:…)"},
        {"{" + String.join(", ", DB, MEASURES, "\"dimensions\": [\"str:field:a\"]") + "}",
            "q: \"dimensions\" must be a non-empty list of lists of field URIs,"
                + " e.g. [[\"str:field:UC_Monthly:F_UC_DATE:DATE_NAME\"]]"},
        {"{" + String.join(", ", DB, MEASURES, DIMS, "\"recodes\": []") + "}",
            "q: \"recodes\" must be an object keyed by field URI"},
    };
    for (Object[] c : cases) {
      final ApiException e = assertThrows(ApiException.class, () -> JsonQuery.parse((String) c[0], "q"), (String) c[0]);
      assertEquals(c[1], e.getMessage());
      assertEquals(ApiErrorKind.BAD_REQUEST, e.kind());
    }
    assertEquals("query file " + dir.resolve("none.json") + " does not exist",
        assertThrows(ApiException.class, () -> JsonQuery.read(dir.resolve("none.json"))).getMessage());
  }
}
