package io.statxplore.jdbc.cli;

import io.statxplore.jdbc.StatXploreDriver;

import sqlline.SqlLine;

import java.io.IOException;
import java.sql.SQLException;

/**
 * The interactive SQL shell: sqlline, connected with the command-line options. The key goes in
 * sqlline's password, never in the URL it prints; tab-completion is not built from every
 * table's columns on connect, which would read the whole remote schema.
 */
final class Shell {
  private Shell() {
  }

  static int run(ConnectionOptions connection, Main.Streams io) throws IOException {
    final String url;
    final String key;
    try {
      url = connection.urlWithoutKey();
      key = connection.key();
    } catch (SQLException e) {
      io.err().println("statxplore: " + connection.redact(e.getMessage()));
      return 1;
    }
    final SqlLine sqlline = new SqlLine();
    sqlline.setOutputStream(io.out());
    sqlline.setErrorStream(io.err());
    final String[] args = {"-d", StatXploreDriver.class.getName(), "-u", url, "-n", "", "-p", key == null ? "" : key,
        "-nn", "statxplore", "--fastConnect=true", "--connectInteractionMode=notAskCredentials",
        "--isolation=TRANSACTION_NONE"};
    final SqlLine.Status status = sqlline.begin(args, io.interactive() ? null : io.in(), io.interactive());
    return status == SqlLine.Status.OK ? 0 : 1;
  }
}
