package io.statxplore.superstar;

/** Reading SuperSTAR URIs ({@code str:<type>:<segments>}); they are opaque except for their ends. */
final class Uris {
  static final String DATABASE = "str:database:";

  private Uris() {
  }

  /** The last {@code :} segment: a value's code (e.g. {@code E12000001}) or a function name. */
  static String lastSegment(String uri) {
    return uri.substring(uri.lastIndexOf(':') + 1);
  }

  /** The database id of a {@code str:database:} URI. */
  static String databaseId(String uri) {
    return uri.startsWith(DATABASE) ? uri.substring(DATABASE.length()) : uri;
  }
}
