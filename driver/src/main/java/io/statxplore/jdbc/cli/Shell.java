package io.statxplore.jdbc.cli;

import io.statxplore.jdbc.StatXploreDriver;

import sqlline.DispatchCallback;
import sqlline.SqlLine;
import sqlline.SqlLineOpts;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * The interactive SQL shell: sqlline, connected with the command-line options. The secrets (the
 * key, push keys) go to the driver as connection properties, never in the URL sqlline shows
 * ({@code !list}); tab-completion is not built from every table's columns on connect, which would
 * read the whole remote schema.
 */
final class Shell {
  private Shell() {
  }

  static int run(ConnectionOptions connection, Main.Streams io) throws SQLException, IOException {
    final String url = connection.urlWithoutSecrets();
    final Properties secrets = connection.secrets();
    final SqlLine sqlline = new SqlLine();
    final Output.Checked out = new Output.Checked(io.out(), "to standard output", false);
    sqlline.setOutputStream(out);
    sqlline.setErrorStream(io.err());
    final SqlLineOpts opts = sqlline.getOpts();
    opts.set("fastConnect", "true");
    opts.set("connectInteractionMode", "notAskCredentials");
    opts.set("isolation", "TRANSACTION_NONE");
    // sqlline's own -u/-p take a URL and one password; other properties reach the driver only
    // through "!connect -p name value". Silent and forced, sqlline neither echoes that command
    // nor repeats it when the connection fails.
    final StringBuilder connect = new StringBuilder("!connect -p driver ").append(StatXploreDriver.class.getName());
    for (String name : secrets.stringPropertyNames()) {
      connect.append(" -p ").append(name).append(' ').append(quote(secrets.getProperty(name)));
    }
    connect.append(' ').append(quote(url));
    opts.set("silent", "true");
    opts.set("force", "true");
    sqlline.runCommands(List.of(connect.toString()), new DispatchCallback());
    opts.set("silent", "false");
    opts.set("force", "false");
    final SqlLine.Status status = sqlline.begin(new String[] {"-nn", "statxplore"},
        io.interactive() ? null : io.in(), io.interactive());
    final IOException failure = out.failure();
    if (failure != null) {
      throw failure;
    }
    return status == SqlLine.Status.OK ? 0 : 1;
  }

  /** A word of a sqlline command line: in double quotes, with backslash before a backslash or quote. */
  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
