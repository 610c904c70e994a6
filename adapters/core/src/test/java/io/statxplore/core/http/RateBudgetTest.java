package io.statxplore.core.http;

import okhttp3.Headers;
import okhttp3.HttpUrl;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The budget read from {@code X-RateLimit*} headers, per bucket, per base URL and key. */
class RateBudgetTest {
  private static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);
  /** The deadline of the statement that heard the headers. */
  private static final Instant FRESH = NOW.plusSeconds(3600);

  private static RateBudget budget(String name) {
    return RateBudget.of(HttpUrl.get("http://127.0.0.1:1/" + name + "/"), Secret.of("k"));
  }

  @Test void aBucketCountsDownToItsResetAndRefills() {
    final RateBudget b = budget("countdown");
    b.update(Headers.of("X-RateLimit", "100", "X-RateLimit-Remaining", "2",
        "X-RateLimit-Reset", String.valueOf(NOW.plusSeconds(60).toEpochMilli())), FRESH);
    assertNull(b.take("schema", NOW));
    assertNull(b.take("table", NOW));
    assertEquals(NOW.plusSeconds(60), b.take("schema", NOW));
    assertNull(b.take("schema", NOW.plusSeconds(60)), "refilled to the limit at the reset");
  }

  @Test void aSuffixedBucketCountsOnlyItsRootPath() {
    final RateBudget b = budget("suffixed");
    b.update(Headers.of("x-ratelimit-table", "10", "X-RateLimit-Remaining-Table", "0",
        "X-RateLimit-Reset-Table", String.valueOf(NOW.plusSeconds(5).toEpochMilli()),
        "X-RateLimit-Remaining", "50"), FRESH);
    assertEquals(NOW.plusSeconds(5), b.take("table", NOW));
    assertNull(b.take("schema", NOW));
    assertEquals(NOW.plusSeconds(5), b.resetOf("table"));
    assertNull(b.resetOf("schema"), "the global bucket is not spent");
  }

  @Test void noHeadersMeansNoLimitAndGarbageIsIgnored() {
    final RateBudget b = budget("none");
    b.update(Headers.of("X-RateLimit-Remaining", "soon", "Content-Type", "application/json"), FRESH);
    for (int i = 0; i < 1000; i++) {
      assertNull(b.take("table", NOW));
    }
  }

  @Test void aSpentBucketWithoutAResetHoldsNothingBack() {
    final RateBudget b = budget("no-reset");
    b.update(Headers.of("X-RateLimit", "100", "X-RateLimit-Remaining", "0"), FRESH);
    assertNull(b.take("table", NOW), "the server's 429 decides, not a guess");
    b.update(Headers.of("X-RateLimit-Remaining", "0",
        "X-RateLimit-Reset", String.valueOf(NOW.minusSeconds(5).toEpochMilli())), FRESH);
    assertNull(b.take("table", NOW), "a reset in the past has passed");
  }

  @Test void aSpentBucketLapsesAtTheDeadlineOfTheStatementThatSawIt() {
    final RateBudget b = budget("lapse");
    final Instant deadline = NOW.plusSeconds(10);
    b.update(Headers.of("X-RateLimit-Remaining", "0",
        "X-RateLimit-Reset", String.valueOf(NOW.plusSeconds(3600).toEpochMilli())), deadline);
    assertEquals(NOW.plusSeconds(3600), b.take("table", NOW.plusSeconds(9)));
    assertNull(b.take("table", deadline), "after that deadline the server is asked again");
  }

  @Test void oneBudgetPerBaseUrlAndKey() {
    final HttpUrl url = HttpUrl.get("http://127.0.0.1:1/shared/");
    assertSame(RateBudget.of(url, Secret.of("a")), RateBudget.of(url, Secret.of("a")));
    assertNotSame(RateBudget.of(url, Secret.of("a")), RateBudget.of(url, Secret.of("b")));
  }
}
