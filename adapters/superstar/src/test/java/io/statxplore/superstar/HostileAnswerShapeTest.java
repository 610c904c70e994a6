package io.statxplore.superstar;

import io.statxplore.core.cube.CellCursor;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.cube.CubeTableMeta;
import io.statxplore.core.cube.DimensionMeta;
import io.statxplore.core.cube.DimensionRequest;
import io.statxplore.core.cube.Item;
import io.statxplore.core.cube.MeasureFunction;
import io.statxplore.core.cube.MeasureMeta;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.util.ImmutableBitSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader counts what an answer lists as it arrives (fields, items, an item's members, measures)
 * and stops at the first one more than the request can produce, before reading further.
 */
class HostileAnswerShapeTest {
  private static final String DB = "str:database:db";
  private static final String F = "str:field:db:f:A";
  private static final String C = "str:count:db:f";
  private static final Item A = new Item("str:value:db:f:A:vs:a", "Alpha", "a");
  private static final Item B = new Item("str:value:db:f:A:vs:b", "Beta", "b");

  /** A query for one field, asking for {@code groups} of its items. */
  private static CubeQuery query(List<List<Item>> groups) {
    final DimensionMeta field = new DimensionMeta(F, F, "Area", F, () -> List.of(A, B));
    final MeasureMeta count = new MeasureMeta(C, "People", MeasureFunction.COUNT, C);
    final CubeTableMeta table = CubeTableMeta.of(DB, "t", List.of(field), List.of(count), SqlParserImpl.FACTORY);
    return new CubeQuery(table, List.of(new DimensionRequest(field, groups, false)), List.of(count), List.of(),
        List.of(ImmutableBitSet.of()), List.of(), null);
  }

  private static String item(String... codes) {
    final List<String> uris = new ArrayList<>();
    final List<String> labels = new ArrayList<>();
    for (String code : codes) {
      uris.add("\"str:value:db:f:A:vs:" + code + "\"");
      labels.add("\"L" + code + "\"");
    }
    return "{\"type\":\"RecodeItem\",\"uris\":[" + String.join(",", uris) + "],\"labels\":["
        + String.join(",", labels) + "]}";
  }

  /** An answer whose field lists {@code items} and whose values are cut off (they are never reached). */
  private static String answer(String measures, List<String> items) {
    return "{\"measures\":" + measures + ",\"fields\":[{\"uri\":\"" + F + "\",\"items\":["
        + String.join(",", items) + ",";
  }

  private static ApiException broken(CubeQuery query, String body) {
    return assertThrows(ApiException.class, () -> {
      try (ResponseHarness h = new ResponseHarness(); CellCursor c = h.answer(query, body)) {
        while (c.next()) {
          c.value(0);
        }
      }
    });
  }

  @Test void moreItemsThanAskedForFailAtTheFirstOneTooMany() {
    final ApiException e = broken(query(List.of(List.of(A))), answer("[]", Collections.nCopies(3, item("a"))));
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
    assertEquals("SuperSTAR API at localhost answered more items for field Area of table t than the request asked"
        + " for: 1 (Alpha)", e.getMessage());
  }

  @Test void moreMembersThanTheLargestGroupFailAtTheFirstOneTooMany() {
    final ApiException e = broken(query(List.of(List.of(A, B))), answer("[]", List.of(item("a", "b", "a"))));
    assertTrue(e.getMessage().endsWith("item 0 of field " + F + " has more than 2 uris, more than the request's"
        + " largest group"), e::getMessage);
  }

  @Test void moreMeasuresThanAskedForFailAtTheFirstOneTooMany() {
    final String measure = "{\"uri\":\"" + C + "\",\"label\":\"People\"}";
    final ApiException e = broken(query(List.of(List.of(A))), "{\"measures\":[" + measure + "," + measure + ",");
    assertTrue(e.getMessage().endsWith("it lists more measures than the 1 requested"), e::getMessage);
  }

  @Test void anItemBombOfAFieldWhoseItemsWereNotFetchedStopsAtTheFieldsOwnCount() {
    // Items not fetched: the request asked for all of them, as many as one request's cells allow
    // (1,000,000), past which the field's own count (2) is fetched and bounds the answer.
    final CubeQuery all = ResponseHarness.query(DB, List.of(F), List.of(C), 2);
    final ApiException e = broken(all, answer("[]", Collections.nCopies(1_000_001, item("a"))));
    assertEquals("SuperSTAR API at localhost answered more items for field " + F + " of table t than the request"
        + " asked for: 2 (v0, v1)", e.getMessage());
  }
}
