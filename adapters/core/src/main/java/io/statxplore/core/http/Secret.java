package io.statxplore.core.http;

import java.util.Objects;

/**
 * An API key. Its {@link #toString()} never shows it; {@link #redact(String)} removes it from
 * any text that may have picked it up (a server may echo a key in an error message).
 */
public final class Secret {
  private static final String MASK = "***";
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a non-blank key; surrounding whitespace (a trailing newline in a key file) is dropped. */
  public static Secret of(String value) {
    final String trimmed = Objects.requireNonNull(value, "value").strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("empty API key");
    }
    return new Secret(trimmed);
  }

  /** The key itself, for the one place that puts it in a request header. */
  public String reveal() {
    return value;
  }

  /** {@code text} with every occurrence of the key replaced by {@code ***}. */
  public String redact(String text) {
    return text == null ? null : text.replace(value, MASK);
  }

  @Override public String toString() {
    return MASK;
  }
}
