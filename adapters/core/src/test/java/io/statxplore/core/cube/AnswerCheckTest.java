package io.statxplore.core.cube;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.util.ImmutableBitSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An answer's items and cells are those its request asked for, whatever adapter read them. */
class AnswerCheckTest {
  private static final Item A = new Item("v:a", "Alpha", "a");
  private static final Item B = new Item("v:b", "Beta", "b");
  private static final Item C = new Item("v:c", "Gamma", "c");
  private static final MeasureMeta COUNT = new MeasureMeta("m", "People", MeasureFunction.COUNT, "m");

  /** A dimension whose items the connection has fetched, or not. */
  private static DimensionMeta dimension(boolean fetched) {
    final DimensionMeta d = new DimensionMeta("f", "f", "Region", "f", () -> List.of(A, B, C));
    if (fetched) {
      d.items();
    }
    return d;
  }

  private static CubeQuery query(DimensionRequest request) {
    final CubeTableMeta table = CubeTableMeta.of("t", "T", List.of(request.dimension()), List.of(COUNT),
        SqlParserImpl.FACTORY);
    return new CubeQuery(table, List.of(request), List.of(COUNT), List.of(), List.of(ImmutableBitSet.of()),
        List.of(), null);
  }

  /** An answer of one dimension with these items and {@code cells} cells. */
  private static CellCursor answer(List<ResultItem> items, int cells) {
    return new CellCursor() {
      int cell = -1;

      @Override public boolean next() {
        return ++cell < cells;
      }

      @Override public List<ResultItem> items(int dimension) {
        return items;
      }

      @Override public int item(int dimension) {
        return cell % items.size();
      }

      @Override public Double value(int measure) {
        return 1.0;
      }

      @Override public void close() {
      }
    };
  }

  private static ResultItem item(String label, String code) {
    return new ResultItem(label, code, false);
  }

  private static final ResultItem TOTAL = new ResultItem("Total", "", true);

  private static long read(DimensionRequest request, List<ResultItem> items, int cells) {
    final AnswerCheck check = new AnswerCheck(query(request), "The API");
    long n = 0;
    try (CellCursor answer = answer(items, cells)) {
      while (answer.next()) {
        check.cell(answer);
        n++;
      }
    }
    check.end();
    return n;
  }

  private static void assertBroken(DimensionRequest request, List<ResultItem> items, int cells, String message) {
    final ApiException e = assertThrows(ApiException.class, () -> read(request, items, cells));
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
    assertEquals(message, e.getMessage());
  }

  @Test void theItemsAskedForPassInAnyOrderAndGroupsByTheirMembers() {
    final DimensionRequest request = new DimensionRequest(dimension(false), List.of(List.of(A), List.of(B, C)), true);
    // A server may list a group's members in another order, and the groups too.
    assertEquals(3, read(request, List.of(item("Gamma; Beta", "c;b"), item("Alpha", "a"), TOTAL), 3));
    // An answer without codes is matched by its labels.
    assertEquals(3, read(request, List.of(item("Alpha", ""), item("Beta; Gamma", ""), TOTAL), 3));
    // Every item of a fetched dimension.
    assertEquals(3, read(DimensionRequest.all(dimension(true), false),
        List.of(item("Gamma", "c"), item("Alpha", "a"), item("Beta", "b")), 3));
  }

  @Test void otherItemsMissingItemsAndWrongTotalsAreRefused() {
    final DimensionRequest ab = DimensionRequest.each(dimension(false), List.of(A, B), false);
    assertBroken(ab, List.of(item("Alpha", "a"), item("Gamma", "c")), 2, "The API answered item 'Gamma' (c) for"
        + " field Region of table T, which the request did not ask for; it asked for 2 (Alpha, Beta)");
    assertBroken(ab, List.of(item("Alpha", "a"), item("Alpha", "a")), 2, "The API answered item 'Alpha' (a) for"
        + " field Region of table T, which the request did not ask for again; it asked for 2 (Alpha, Beta)");
    assertBroken(ab, List.of(item("Beta", "b")), 1, "The API answered 1 item for field Region of table T where"
        + " the request asked for 2 (Alpha, Beta)");
    assertBroken(ab, List.of(item("Alpha", "a"), item("Beta", "b"), TOTAL), 3, "The API answered a Total item for"
        + " field Region of table T, which the request did not ask for");
    final DimensionRequest rollup = DimensionRequest.all(dimension(true), true);
    assertBroken(rollup, List.of(item("Alpha", "a"), item("Beta", "b"), item("Gamma", "c")), 3,
        "The API answered no Total item for field Region of table T, which the request asked for");
    assertBroken(rollup, List.of(item("Alpha", "a"), TOTAL, TOTAL), 3, "The API answered 2 Total items for field"
        + " Region of table T where the request asked for one");
  }

  @Test void itemsTheConnectionDoesNotKnowMayComeOnceEach() {
    final DimensionRequest all = DimensionRequest.all(dimension(false), false);
    assertEquals(2, read(all, List.of(item("Alpha", "a"), item("Zeta", "z")), 2));
    assertBroken(all, List.of(item("Alpha", "a"), item("Alpha", "a")), 2, "The API answered item 'Alpha' (a)"
        + " twice for field Region of table T");
  }

  @Test void anAnswerWithFewerCellsThanItsItemsMakeIsRefusedAtItsEnd() {
    final DimensionRequest ab = DimensionRequest.each(dimension(false), List.of(A, B), false);
    final ApiException e = assertThrows(ApiException.class, () -> read(ab, List.of(item("Alpha", "a"),
        item("Beta", "b")), 1));
    assertEquals("The API answered 1 cell for table T where its items make 2", e.getMessage());
    // Nor may an empty answer stand for items asked for.
    assertTrue(assertThrows(ApiException.class, () -> read(ab, List.of(), 0)).getMessage()
        .startsWith("The API answered 0 cells for table T where the request's items make 2"));
  }
}
