package io.statxplore.opendatasoft;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ODS_APIKEY} as odsclient does: a plain key, or a dict-like value
 * ({@code {'public': 'k1', 'https://x.org': 'k2', 'default': 'k3'}}) keyed by platform id, then
 * base URL, then {@code default}.
 */
final class OdsKeys {
  private static final Pattern ENTRY = Pattern.compile("['\"]([^'\"]*)['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
  private static final Pattern PLATFORM = Pattern.compile("https://([^./]+)\\.opendatasoft\\.com/?");

  private OdsKeys() {
  }

  /** The key {@code value} holds for the portal at {@code baseUrl}, or null. */
  static @Nullable String fromEnvironment(String value, String baseUrl) {
    final String text = value.strip();
    if (!text.startsWith("{")) {
      return text;
    }
    final Map<String, String> keys = new LinkedHashMap<>();
    final Matcher m = ENTRY.matcher(text);
    while (m.find()) {
      keys.put(m.group(1), m.group(2));
    }
    final Matcher platform = PLATFORM.matcher(baseUrl);
    final String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (platform.matches() && keys.containsKey(platform.group(1))) {
      return keys.get(platform.group(1));
    }
    return keys.getOrDefault(base, keys.getOrDefault(base + "/", keys.get("default")));
  }
}
