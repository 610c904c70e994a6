package io.statxplore.core.record;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An answer larger than a server's page cap is read as one stream, the cap learnt from the answers. */
class PagedCursorTest {
  /** A server of {@code rows} rows numbered from 0 that answers at most {@code cap} per request. */
  private static final class Server implements PagedCursor.Fetcher {
    final long rows;
    final int cap;
    final boolean reportsTotal;
    final List<String> requests = new ArrayList<>();

    Server(long rows, int cap, boolean reportsTotal) {
      this.rows = rows;
      this.cap = cap;
      this.reportsTotal = reportsTotal;
    }

    @Override public PagedCursor.Page fetch(long start, int size) {
      requests.add(start + "+" + size);
      final int n = Math.min(size, cap);
      final List<Object[]> page = LongStream.range(start, Math.min(rows, start + n))
          .mapToObj(i -> new Object[] {i}).toList();
      return new PagedCursor.Page(page, reportsTotal ? rows : null);
    }
  }

  private static List<Long> read(Server server, long offset, Long fetch, int preferred, Integer knownCap) {
    final PagedCursor cursor = new PagedCursor(server, offset, fetch, preferred, knownCap,
        why -> new ApiException(ApiErrorKind.BAD_RESPONSE, why));
    final List<Long> out = new ArrayList<>();
    for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
      out.add((Long) row[0]);
    }
    return out;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @Test void aCappedAnswerIsReadInPagesOfTheCap() {
    final Server server = new Server(25, 10, true);
    assertEquals(range(0, 25), read(server, 0, null, 100, null));
    assertEquals(List.of("0+100", "10+10", "20+10"), server.requests);
  }

  @Test void noExtraRequestWhenTheTotalIsReached() {
    final Server server = new Server(20, 10, true);
    assertEquals(range(0, 20), read(server, 0, null, 100, null));
    assertEquals(List.of("0+100", "10+10"), server.requests);
  }

  @Test void aCapThatDoesNotDivideThePositionRereadsThePageThatHoldsIt() {
    final Server server = new Server(30, 7, true);
    assertEquals(range(0, 30), read(server, 0, null, 10, null));
    assertEquals(List.of("0+10", "7+7", "14+7", "21+7", "28+7"), server.requests);
  }

  @Test void anAlignedOffsetIsOnePage() {
    final Server server = new Server(100, 1000, true);
    assertEquals(range(20, 30), read(server, 20, 10L, 1000, null));
    assertEquals(List.of("20+10"), server.requests);
  }

  @Test void anUnalignedOffsetReadsFromTheStartInOnePage() {
    final Server server = new Server(100, 1000, true);
    assertEquals(range(12, 17), read(server, 12, 5L, 1000, null));
    assertEquals(List.of("0+17"), server.requests);
  }

  @Test void aDeclaredCapIsUsedFromTheStartAndAShortPageEndsAnAnswerWithoutTotal() {
    final Server server = new Server(25, 10, false);
    assertEquals(range(0, 25), read(server, 0, null, 100, 10));
    assertEquals(List.of("0+10", "10+10", "20+10"), server.requests);
  }

  @Test void anOffsetPastTheEndGivesNoRows() {
    final Server server = new Server(5, 10, true);
    assertEquals(List.of(), read(server, 40, 10L, 100, null));
    assertEquals(List.of("40+10"), server.requests);
  }

  @Test void aPageLargerThanAskedIsABrokenAnswer() {
    final PagedCursor.Fetcher liar = (start, size) -> new PagedCursor.Page(
        LongStream.range(0, size + 1L).mapToObj(i -> new Object[] {i}).toList(), null);
    final ApiException e = assertThrows(ApiException.class, () -> read0(liar));
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
  }

  @Test void anEmptyPageBeforeTheReportedTotalIsABrokenAnswer() {
    final PagedCursor.Fetcher liar = (start, size) -> new PagedCursor.Page(
        start == 0 ? List.<Object[]>of(new Object[] {0L}) : List.of(), 50L);
    final ApiException e = assertThrows(ApiException.class, () -> read0(liar));
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
  }

  private static void read0(PagedCursor.Fetcher fetcher) {
    final PagedCursor cursor = new PagedCursor(fetcher, 0, null, 10, null,
        why -> new ApiException(ApiErrorKind.BAD_RESPONSE, why));
    while (cursor.next() != null) {
      // drain
    }
  }
}
