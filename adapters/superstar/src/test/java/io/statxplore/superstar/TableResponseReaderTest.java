package io.statxplore.superstar;

import io.statxplore.core.cube.CellCursor;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming reader on hand-written answers: odd but valid values, and broken documents. */
class TableResponseReaderTest {
  private static final String F1 = "str:field:db:f:A";
  private static final String F2 = "str:field:db:f:B";
  private static final String C = "str:count:db:f";
  private static final String M = "str:statfn:db:f:X:MEAN";
  private static final CubeQuery TWO_BY_TWO = ResponseHarness.query("str:database:db", List.of(F1, F2), List.of(C, M));

  private static String answer(String cubes, String tail) {
    return "{ \"query\" : { }, \"database\" : { \"id\" : \"db\" }, \"measures\" : [ ],"
        + " \"fields\" : [ " + field(F1, "a1", "a2") + ", " + field(F2, "b1", "b2") + " ],"
        + " \"cubes\" : { " + cubes + " }, \"annotationMap\" : { \"r\" : \"revised\" } }" + tail;
  }

  private static String field(String uri, String... codes) {
    final List<String> items = new ArrayList<>();
    for (String code : codes) {
      items.add("{ \"type\" : \"RecodeItem\", \"uris\" : [ \"str:value:db:f:x:vs:" + code + "\" ],"
          + " \"labels\" : [ \"Label " + code + "\" ] }");
    }
    items.add("{ \"type\" : \"Total\", \"labels\" : [ \"Total\" ] }");
    return "{ \"uri\" : \"" + uri + "\", \"label\" : \"L\", \"items\" : [ " + String.join(", ", items) + " ] }";
  }

  private static List<String> read(CubeQuery query, String body) throws IOException {
    final List<String> cells = new ArrayList<>();
    try (ResponseHarness h = new ResponseHarness(); CellCursor c = h.answer(query, body)) {
      while (c.next()) {
        cells.add(c.items(0).get(c.item(0)).code() + "/" + c.items(1).get(c.item(1)).label() + "="
            + c.value(0) + "," + c.value(1));
      }
    }
    return cells;
  }

  private static final String COUNT_CUBE = "\"" + C + "\" : { \"values\" : [ [ 1.0, 2, 1.5E7 ], [ null, 5.0E-1, 6.0 ],"
      + " [ 7.0, 8.0, 9.0 ] ], \"precision\" : 0 }";
  private static final String MEAN_CUBE = "\"" + M + "\" : { \"values\" : [ [ 10.5, 20.5, 30.5 ], [ 40.5, null, 60.5 ],"
      + " [ 70.5, 80.5, 90.5 ] ], \"precision\" : 2 }";

  @Test void readsNullsExponentsAndTotalsWithCubesInAnyOrder() throws IOException {
    final List<String> cells = read(TWO_BY_TWO, answer(MEAN_CUBE + ", " + COUNT_CUBE, ""));
    assertEquals(9, cells.size());
    assertEquals("a1/Label b1=1.0,10.5", cells.get(0));
    assertEquals("a1/Total=1.5E7,30.5", cells.get(2));
    assertEquals("a2/Label b1=null,40.5", cells.get(3));
    assertEquals("a2/Label b2=0.5,null", cells.get(4));
    assertEquals("/Total=9.0,90.5", cells.get(8));
  }

  @Test void aSavedAnswerIsReadFromAStreamAndClosed() {
    final JsonQuery query = JsonQuery.parse("{\"database\":\"str:database:db\",\"measures\":[\"" + C + "\",\"" + M
        + "\"],\"dimensions\":[[\"" + F1 + "\"],[\"" + F2 + "\"]]}", "saved.json");
    final boolean[] closed = {false};
    final byte[] bytes = answer(COUNT_CUBE + ", " + MEAN_CUBE, "").getBytes(StandardCharsets.UTF_8);
    final List<String> cells = new ArrayList<>();
    try (TableResponseReader r = TableResponseReader.read(new java.io.ByteArrayInputStream(bytes) {
      @Override public void close() {
        closed[0] = true;
      }
    }, query)) {
      while (r.next()) {
        cells.add(r.firstLabel(0) + "/" + r.items(1).get(r.item(1)).code() + "=" + r.value(0) + "," + r.value(1));
      }
    }
    assertEquals(9, cells.size());
    assertEquals("Label a1/b1=1.0,10.5", cells.get(0));
    assertEquals("Total/=9.0,90.5", cells.get(8));
    assertTrue(closed[0]);

    final ApiException e = assertThrows(ApiException.class, () -> TableResponseReader.read(
        new java.io.ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length / 2)), query));
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
    assertTrue(e.getMessage().contains("saved.json"), e::getMessage);
  }

  @Test void numbersReadExactlyAsJavaParsesThem() {
    final List<String> texts = new ArrayList<>(List.of("0.0", "-0.0", "12345.0", "-7.0", "999999999999999.0",
        "-999999999999999.0", "1234567890123456.0", "12345678901234567.0", "1.5", "10.05", "7.0E3", "1e2", "42",
        "0.00", "123.00", "5.0e-1", "0.5"));
    final java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 2000; i++) {
      texts.add((random.nextBoolean() ? "-" : "") + (random.nextLong() >>> (1 + random.nextInt(63))) + ".0");
    }
    final JsonQuery query = JsonQuery.parse("{\"database\":\"str:database:db\",\"measures\":[\"" + C
        + "\"],\"dimensions\":[[\"" + F1 + "\"]]}", "numbers");
    final String items = String.join(", ", java.util.Collections.nCopies(texts.size(),
        "{ \"type\" : \"RecodeItem\", \"uris\" : [ \"u\" ], \"labels\" : [ \"l\" ] }"));
    final String body = "{ \"fields\" : [ { \"uri\" : \"" + F1 + "\", \"items\" : [ " + items + " ] } ],"
        + " \"cubes\" : { \"" + C + "\" : { \"values\" : [ " + String.join(", ", texts) + " ] } } }";
    try (TableResponseReader r = TableResponseReader.read(
        new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), query)) {
      for (String text : texts) {
        assertTrue(r.next());
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(r.value(0)),
            text);
      }
    }
  }

  @Test void ignoresCubesThatWereNotAskedFor() throws IOException {
    final CubeQuery countOnly = ResponseHarness.query("str:database:db", List.of(F1, F2), List.of(C));
    final List<String> cells = new ArrayList<>();
    try (ResponseHarness h = new ResponseHarness();
         CellCursor c = h.answer(countOnly, answer(COUNT_CUBE + ", " + MEAN_CUBE, ""))) {
      while (c.next()) {
        cells.add(String.valueOf(c.value(0)));
      }
    }
    assertEquals(Arrays.asList("1.0", "2.0", "1.5E7", "null", "0.5", "6.0", "7.0", "8.0", "9.0"), cells);
  }

  private static void assertBroken(String body, String expected) {
    assertBroken(TWO_BY_TWO, body.getBytes(StandardCharsets.UTF_8), expected);
  }

  private static void assertBroken(CubeQuery query, byte[] body, String expected) {
    final ApiException e = assertThrows(ApiException.class, () -> {
      try (ResponseHarness h = new ResponseHarness(); CellCursor c = h.answer(query, body)) {
        while (c.next()) {
          c.value(0);
        }
      }
    });
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
    assertTrue(e.getMessage().contains(expected), e::getMessage);
  }

  @Test void brokenAnswersFailWithTheirCause() {
    assertBroken(answer(COUNT_CUBE, ""), "no cube for " + M);
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE, " { }"), "more content after the answer");
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE.replace("90.5 ]", "90.5, 1.0 ]"), ""),
        "have more entries than the 3 items of field " + F2);
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE.replace("[ 70.5", "[ [ 70.5 ], 70.5"), ""),
        "nested deeper than the 2 fields");
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE.replace("60.5", "\"x\""), ""),
        "the values of " + M + " hold text where numbers are expected");
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE.replace("[ 40.5, null, 60.5 ]", "[ 40.5, null ]"), ""),
        "the values of " + M + " have 2 entries for the 3 items of field " + F2);
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE, "").replace("\"Total\" ] }", "\"Total\" ] }, 3"),
        "item 3 of field " + F1 + " is not an object");
    // Broken after the last value: the document is read to its end before the last cell counts.
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE, "").replace("\"annotationMap\" :", "\"annotationMap\" ::"),
        "malformed JSON");
    assertBroken("[ ]", "not a JSON object");
  }

  /** Faults ResponseFuzzTest found: each was read as a value, or failed with the wrong cause. */
  @Test void hostileAnswersFailWithTheirCause() {
    // Two cubes for one measure: the first was read, the second ignored.
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE + ", " + MEAN_CUBE, ""), "Duplicate field");
    // Numbers beyond a double were read as Infinity.
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE.replace("60.5", "1e400"), ""),
        "the values of " + M + " hold 1e400, beyond the range of a double");
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE.replace("60.5", "-" + "9".repeat(400)), ""),
        "beyond the range of a double");
    // Labels and URIs that are not text became "true" or "".
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE, "").replace("[ \"Label a1\" ]", "[ true ]"),
        "item 0 of field " + F1 + " has boolean among its labels where text is expected");
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE, "").replace("[ \"Label a1\" ]", "[ \"a\", [ ] ]"),
        "has array among its labels");
    assertBroken(answer(COUNT_CUBE + ", " + MEAN_CUBE, "").replace("[ \"str:value:db:f:x:vs:b2\" ]", "\"b2\""),
        "item 1 of field " + F2 + " has \"uris\" that is not an array");
    // Bytes that are no Unicode text were reported as a broken connection.
    assertBroken(TWO_BY_TWO, new byte[] {0, 0, 0, '{', -1, -1, -1, -1}, "is not Unicode text");
    assertBroken("", "the answer is empty");
  }

  /** An answer of {@code dims} fields of {@code items} items each, with these cubes. */
  private static String wide(List<String> dims, int items, String cubes) {
    final String[] codes = new String[items - 1];
    Arrays.setAll(codes, i -> "v" + i);
    final List<String> fields = dims.stream().map(d -> field(d, codes)).toList();
    return "{ \"fields\" : [ " + String.join(", ", fields) + " ], \"cubes\" : { " + cubes + " } }";
  }

  @Test void aBufferedCubeGrowsWithItsValuesNotWithItsItemCounts() {
    // 1000 × 1000 × 1000 items and no values: the first cube's buffer was 10^9 doubles (8 GB),
    // allocated before its first value was read, and the JVM ran out of memory.
    final List<String> dims = List.of(F1, F2, "str:field:db:f:C");
    final CubeQuery query = ResponseHarness.query("str:database:db", dims, List.of(C, M), 1000);
    final String body = wide(dims, 1000, "\"" + C + "\" : { \"values\" : [ ] }, \"" + M + "\" : { \"values\" : [ ] }");
    assertBroken(query, body.getBytes(StandardCharsets.UTF_8),
        "the values of " + C + " have 0 entries for the 1000 items of field " + F1);
  }

  @Test void moreCellsThanALongHoldsAreAnError() {
    // 300^8 cells overflowed the stride arithmetic: "long overflow", caught only as an ArithmeticException.
    final List<String> dims = new ArrayList<>();
    for (int d = 0; d < 8; d++) {
      dims.add("str:field:db:f:D" + d);
    }
    final CubeQuery query = ResponseHarness.query("str:database:db", dims, List.of(C), 300);
    assertBroken(query, wide(dims, 300, "").getBytes(StandardCharsets.UTF_8),
        "the fields have [300, 300, 300, 300, 300, 300, 300, 300] items, more cells than can be counted");
  }
}
