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
}
