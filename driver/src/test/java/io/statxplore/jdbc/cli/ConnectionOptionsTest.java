package io.statxplore.jdbc.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The command line's own redaction: every secret of the options, in every form it was given. */
class ConnectionOptionsTest {
  @Test void redactsTheKeyAndEachPushKey() {
    final ConnectionOptions options = new ConnectionOptions();
    options.url = "jdbc:statxplore:api=opendatasoft;pushKey='ds1:PUSH-1,other:PUSH-2';apiKey=url-k3y";
    options.apiKey = "cli-k3y";
    assertEquals("POST /push/?pushkey=*** failed; /push/?pushkey=*** failed; pushKey=*** with *** and ***",
        options.redact("POST /push/?pushkey=PUSH-1 failed; /push/?pushkey=PUSH-2 failed;"
            + " pushKey=ds1:PUSH-1,other:PUSH-2 with url-k3y and cli-k3y"));
  }

  /** Issue 15: a short key is hidden where it stands alone, and never cut out of other words. */
  @Test void aShortKeyIsHiddenOnlyAsAWholeToken() {
    for (String key : new String[] {"e", "ch"}) {
      final ConnectionOptions options = new ConnectionOptions();
      options.apiKey = key;
      assertEquals("Could not reach SuperSTAR API (GET /schema): Failed to connect; apiKey=***",
          options.redact("Could not reach SuperSTAR API (GET /schema): Failed to connect; apiKey=" + key));
    }
  }
}
