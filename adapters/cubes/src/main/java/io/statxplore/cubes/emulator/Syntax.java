package io.statxplore.cubes.emulator;

import java.util.ArrayList;
import java.util.List;

/** Splitting of cut strings: a separator inside double quotes or after a backslash does not split. */
final class Syntax {
  private Syntax() {
  }

  /** {@code text} split at unescaped, unquoted {@code separator}; escapes and quotes are kept. */
  static List<String> split(String text, char separator) {
    final List<String> parts = new ArrayList<>();
    final StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        current.append(c);
      } else if (c == separator && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  /** The position of the first unescaped, unquoted {@code c}, or -1. */
  static int indexOf(String text, char c) {
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      final char x = text.charAt(i);
      if (x == '\\') {
        i++;
      } else if (x == '"') {
        quoted = !quoted;
      } else if (x == c && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /** A value without its quotes and escapes. */
  static String unescape(String raw) {
    final String s = raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")
        ? raw.substring(1, raw.length() - 1) : raw;
    final StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      out.append(c == '\\' && i + 1 < s.length() ? s.charAt(++i) : c);
    }
    return out.toString();
  }
}
