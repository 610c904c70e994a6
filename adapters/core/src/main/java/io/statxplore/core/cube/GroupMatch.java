package io.statxplore.core.cube;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which of a dimension request's groups an answer's item stands for: the group whose codes its
 * code joins with {@code ;}, or, where the answer gives no code, whose labels its label joins with
 * {@code "; "}; a server may list a group's members in any order.
 */
final class GroupMatch {
  private final Map<String, Integer> byCode = new HashMap<>();
  private final Map<String, Integer> byLabel = new HashMap<>();

  GroupMatch(List<List<Item>> groups) {
    for (int g = 0; g < groups.size(); g++) {
      final List<Item> group = groups.get(g);
      byCode.putIfAbsent(key(group.stream().map(Item::code).collect(Collectors.joining(";")), ";"), g);
      byLabel.putIfAbsent(key(group.stream().map(Item::label).collect(Collectors.joining("; ")), "; "), g);
    }
  }

  /** The index of the group {@code item} stands for, or -1 if it stands for none. */
  int indexOf(ResultItem item) {
    final Integer g = item.code().isEmpty() ? byLabel.get(key(item.label(), "; ")) : byCode.get(key(item.code(), ";"));
    return g == null ? -1 : g;
  }

  /** A group's members in a fixed order. */
  static String key(String joined, String separator) {
    final String[] members = joined.split(Pattern.quote(separator), -1);
    if (members.length == 1) {
      return joined;
    }
    Arrays.sort(members);
    return String.join(separator, members);
  }
}
