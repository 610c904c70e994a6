package io.statxplore.core.http;

import okhttp3.HttpUrl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The owner of shared answers tells URL, key and language apart without holding the key. */
class SharedAnswersTest {
  private static final HttpUrl URL = HttpUrl.get("https://api.example.org/v1/");

  @Test void anOwnerComparesTheKeyWithoutKeepingIt() {
    final Secret key = Secret.of("SECRET-KEY-123");
    final SharedAnswers.Owner owner = SharedAnswers.Owner.of(URL, key, "en");
    assertEquals(owner, SharedAnswers.Owner.of(URL, Secret.of("SECRET-KEY-123"), "en"));
    assertNotEquals(owner, SharedAnswers.Owner.of(URL, Secret.of("SECRET-KEY-124"), "en"));
    assertNotEquals(owner, SharedAnswers.Owner.of(URL, key, "de"));
    assertNotEquals(owner, SharedAnswers.Owner.of(URL, null, "en"));
    assertNotEquals(owner, SharedAnswers.Owner.of(HttpUrl.get("https://api.example.org/v2/"), key, "en"));
    final String shown = new SharedAnswers.Key(owner, URL.resolve("schema")).toString();
    assertFalse(shown.contains("SECRET-KEY-123"), shown);
  }
}
