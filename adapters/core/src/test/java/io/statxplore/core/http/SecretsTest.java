package io.statxplore.core.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One redaction rule: every secret, in every form, where it stands as a whole token. */
class SecretsTest {
  private static final String FAILURE =
      "Could not reach SuperSTAR API at http://127.0.0.1:1/ (GET /schema): Failed to connect to /127.0.0.1:1";

  @Test void aOneLetterKeyIsHiddenWhereItStandsAloneAndNowhereElse() {
    final Secrets e = Secrets.of(Secret.of("e"));
    assertEquals(FAILURE, e.redact(FAILURE), "no letter is cut out of a word");
    assertEquals("apiKey=***;url=x", e.redact("apiKey=e;url=x"));
    assertEquals("Unrecognized token '***': was expecting", e.redact("Unrecognized token 'e': was expecting"));
    assertEquals("GET /x?key=***&e2=1", e.redact("GET /x?key=e&e2=1"));
  }

  @Test void aTwoCharacterKey() {
    final Secrets k = Secrets.of(Secret.of("k9"));
    assertEquals("k99 and ak9 stay; *** and (***) go", k.redact("k99 and ak9 stay; k9 and (k9) go"));
  }

  @Test void aFortyCharacterKeyOfBase64OrJwtIsMatchedWhole() {
    final String key = "eyJhbGciOi.JIUzI1NiJ9+abc/def=Zm9vYmFyYm";
    assertEquals(40, key.length());
    final Secrets s = Secrets.of(Secret.of(key));
    assertEquals("Authorization: Bearer ***", s.redact("Authorization: Bearer " + key));
    assertEquals("token '***'", s.redact("token '" + key + "'"));
    assertEquals("?k=***", s.redact("?k=eyJhbGciOi.JIUzI1NiJ9%2Babc%2Fdef%3DZm9vYmFyYm"), "as a URL writes it");
    assertFalse(s.revealedIn("eyJhbGciOi"), "a part of the key is not the key");
  }

  @Test void everyFormOfAKeyListIsHidden() {
    final Secrets s = Secrets.of(Secret.of("a:k1"), Secret.of("ds1:SECRET1,other:SECRET2"));
    assertEquals("pushKey=***", s.redact("pushKey=ds1:SECRET1,other:SECRET2"));
    assertEquals("/push/?pushkey=*** failed; *** unused; *** and ***",
        s.redact("/push/?pushkey=SECRET1 failed; SECRET2 unused; a:k1 and k1"));
    assertTrue(s.revealedIn("x SECRET2"));
    assertEquals("k1", Secret.of("a:k1").keyFor("a"));
    assertNull(Secret.of("a:k1").keyFor("b"));
    assertEquals("plain", Secret.of("plain").keyFor("any"));
  }

  @Test void moreSecretsAndNone() {
    assertEquals("x", Secrets.NONE.redact("x"));
    assertNull(Secrets.NONE.redact(null));
    assertEquals("*** ***", Secrets.of(Secret.of("a1")).and(List.of("b2")).redact("a1 b2"));
    assertEquals("*** ***", Secrets.of(Secret.of("a1")).and(Secrets.of(Secret.of("b2"))).redact("a1 b2"));
  }
}
