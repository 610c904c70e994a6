package io.statxplore.core.http;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every secret a connection holds, in every form it was given or is sent in, and the one rule
 * that keeps them out of text: {@link #redact} replaces each where it stands as a whole token.
 *
 * <p>A token ends where a letter or digit meets a character that is neither. So a key is hidden
 * in {@code apiKey=KEY;}, {@code 'KEY'} or {@code ?pushkey=KEY&}, while a short key such as
 * {@code e} is not cut out of the words around it ("r***ach" would tell which letters the key
 * holds). A key of base64 or JWT text, with {@code + / = . _ -} inside, is matched whole; only
 * its first and last characters meet the text around it.
 */
public final class Secrets {
  /** No secrets: redaction leaves text as it is. */
  public static final Secrets NONE = new Secrets(List.of());

  private static final String MASK = "***";
  private static final HttpUrl ENCODER = HttpUrl.get("http://localhost/");

  /** Longest first, so that a whole value is hidden before the keys it holds. */
  private final List<String> values;

  private Secrets(Collection<String> values) {
    this.values = values.stream().filter(v -> !v.isEmpty()).distinct()
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** The forms of {@code secrets} (nulls skipped), each also as it reads in a URL's query. */
  public static Secrets of(@Nullable Secret... secrets) {
    final Set<String> forms = new LinkedHashSet<>();
    for (Secret s : secrets) {
      if (s != null) {
        for (String form : s.forms()) {
          forms.add(form);
          forms.add(ENCODER.newBuilder().addQueryParameter("k", form).build().encodedQuery().substring(2));
        }
      }
    }
    return new Secrets(forms);
  }

  /** These secrets and {@code other}'s. */
  public Secrets and(Secrets other) {
    return new Secrets(Stream.concat(values.stream(), other.values.stream()).toList());
  }

  /** These secrets and {@code texts}: other forms in which they were written, such as quoted. */
  public Secrets and(Collection<String> texts) {
    return new Secrets(Stream.concat(values.stream(), texts.stream()).toList());
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Whether {@link #redact} would change {@code text}: it holds a secret as a whole token. */
  public boolean revealedIn(@Nullable String text) {
    return text != null && values.stream().anyMatch(v -> find(text, v, 0) >= 0);
  }

  /** {@code text} with every secret that stands in it as a whole token replaced by {@code ***}. */
  public @Nullable String redact(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : values) {
      int at = find(out, secret, 0);
      if (at < 0) {
        continue;
      }
      final StringBuilder b = new StringBuilder(out.length());
      int from = 0;
      for (; at >= 0; at = find(out, secret, from)) {
        b.append(out, from, at).append(MASK);
        from = at + secret.length();
      }
      out = b.append(out, from, out.length()).toString();
    }
    return out;
  }

  /** Where {@code secret} next stands as a whole token in {@code text} from {@code from}, or -1. */
  private static int find(String text, String secret, int from) {
    for (int at = text.indexOf(secret, from); at >= 0; at = text.indexOf(secret, at + 1)) {
      final int end = at + secret.length();
      if (!(at > 0 && joined(text.charAt(at - 1), secret.charAt(0)))
          && !(end < text.length() && joined(secret.charAt(secret.length() - 1), text.charAt(end)))) {
        return at;
      }
    }
    return -1;
  }

  private static boolean joined(char a, char b) {
    return Character.isLetterOrDigit(a) && Character.isLetterOrDigit(b);
  }

  @Override public String toString() {
    return values.size() + " secrets";
  }
}
