package io.statxplore.core.http;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A key as it was given: one key, or {@code name:key} pairs separated by commas (a push key per
 * dataset). Its {@link #toString()} never shows it; {@link Secrets} hides every form of it.
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

  /** The key itself, for the one place that puts it in a request. */
  public String reveal() {
    return value;
  }

  /**
   * The key for {@code name}: the whole value if it holds no pairs, else the key of the pair that
   * names {@code name}, or null if none does.
   */
  public @Nullable String keyFor(String name) {
    if (!value.contains(":")) {
      return value;
    }
    for (String pair : value.split(",")) {
      final int colon = pair.indexOf(':');
      if (colon > 0 && pair.substring(0, colon).strip().equals(name)) {
        return pair.substring(colon + 1).strip();
      }
    }
    return null;
  }

  /** Every form in which this secret may be sent or shown: the whole value and each pair's key. */
  List<String> forms() {
    final List<String> forms = new ArrayList<>(List.of(value));
    if (value.contains(":")) {
      for (String pair : value.split(",")) {
        final int colon = pair.indexOf(':');
        if (colon >= 0 && !pair.substring(colon + 1).isBlank()) {
          forms.add(pair.substring(colon + 1).strip());
        }
      }
    }
    return forms;
  }

  @Override public String toString() {
    return MASK;
  }
}
