package io.statxplore.jdbc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at {@code ;}, except inside string literals, quoted
 * identifiers and comments. Pieces that hold only comments and space are dropped.
 */
final class SqlScript {
  private SqlScript() {
  }

  static List<String> split(String text) {
    final List<String> statements = new ArrayList<>();
    final StringBuilder current = new StringBuilder();
    boolean hasCode = false;
    int i = 0;
    while (i < text.length()) {
      final char c = text.charAt(i);
      int end = i + 1;
      if (c == '\'' || c == '"') {
        end = closing(text, i + 1, c);
      } else if (text.startsWith("--", i)) {
        end = text.indexOf('\n', i);
        end = end < 0 ? text.length() : end;
      } else if (text.startsWith("/*", i)) {
        end = text.indexOf("*/", i + 2);
        end = end < 0 ? text.length() : end + 2;
      } else if (c == ';') {
        add(statements, current, hasCode);
        current.setLength(0);
        hasCode = false;
        i++;
        continue;
      }
      hasCode |= !Character.isWhitespace(c) && !text.startsWith("--", i) && !text.startsWith("/*", i);
      current.append(text, i, end);
      i = end;
    }
    add(statements, current, hasCode);
    return statements;
  }

  /** Index after the quote that closes a literal or identifier; a doubled quote is part of it. */
  private static int closing(String text, int from, char quote) {
    int i = from;
    while (i < text.length()) {
      if (text.charAt(i) == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return text.length();
  }

  private static void add(List<String> statements, StringBuilder sql, boolean hasCode) {
    if (hasCode) {
      statements.add(sql.toString().strip());
    }
  }
}
