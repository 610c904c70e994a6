package io.statxplore.superstar;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The body a query file becomes is its own JSON, whatever recodes hold; text after the query is refused. */
class JsonQueryBodyTest {
  private static final String DB = "\"database\":\"str:database:UC_Monthly\"";
  private static final String MEASURES = "\"measures\":[\"str:count:UC_Monthly:V_F_UC_CASELOAD_FULL\"]";
  private static final String DIMS = "\"dimensions\":[[\"str:field:UC_Monthly:F_UC_DATE:DATE_NAME\"]]";

  @Test void recodesAreSentAsWritten() throws Exception {
    final String recodes = "\"recodes\":{\"str:field:UC_Monthly:F_UC_DATE:DATE_NAME\":{\"map\":[[\"a\\u00e9\\\"\"],"
        + "[\"b\"]],\"total\":true,\"n\":-12,\"x\":1.5E-7,\"big\":123456789012345678901234567890,\"none\":null}}";
    final String json = "{" + String.join(",", DB, MEASURES, recodes, DIMS) + "}";
    final byte[] body = JsonQuery.parse(" \n" + json + "\n ", "q").body();
    final ObjectMapper mapper = new ObjectMapper();
    assertEquals(mapper.readTree(json), mapper.readTree(body));
    assertEquals(json.replace("\\u00e9", "é"), new String(body, StandardCharsets.UTF_8));
  }

  @Test void aRepeatedKeyKeepsItsPlaceAndItsLastValue() {
    final String json = "{" + String.join(",", DB, MEASURES, DIMS, "\"database\":\"str:database:PIP_Monthly\"") + "}";
    assertEquals("{" + String.join(",", "\"database\":\"str:database:PIP_Monthly\"", MEASURES, DIMS) + "}",
        new String(JsonQuery.parse(json, "q").body(), StandardCharsets.UTF_8));
  }

  @Test void textAfterTheQueryIsRefused() {
    final ApiException e = assertThrows(ApiException.class,
        () -> JsonQuery.parse("{" + String.join(",", DB, MEASURES, DIMS) + "}\n{}", "q"));
    assertEquals(ApiErrorKind.BAD_REQUEST, e.kind());
    assertTrue(e.getMessage().startsWith("q is not valid JSON: text follows the query's closing brace (line 2"),
        e.getMessage());
    assertEquals("q is not a JSON object with database, measures and dimensions",
        assertThrows(ApiException.class, () -> JsonQuery.parse("  ", "q")).getMessage());
  }
}
