package io.statxplore.core.cube;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * One dimension of a {@link CubeQuery}: which items the API should return for it, and whether
 * it should add a Total item.
 *
 * @param dimension the dimension
 * @param groups the output items, each a group of one or more items the API aggregates
 *     together; null means every item of the dimension, each on its own
 * @param total whether the API should append its own Total item
 */
public record DimensionRequest(DimensionMeta dimension, @Nullable List<List<Item>> groups,
    boolean total) {
  public DimensionRequest {
    requireNonNull(dimension, "dimension");
    groups = groups == null ? null : groups.stream().map(List::copyOf).toList();
  }

  /** Every item, each on its own. */
  public static DimensionRequest all(DimensionMeta dimension, boolean total) {
    return new DimensionRequest(dimension, null, total);
  }

  /** The given items, each on its own. */
  public static DimensionRequest each(DimensionMeta dimension, List<Item> items, boolean total) {
    return new DimensionRequest(dimension, items.stream().map(List::of).toList(), total);
  }

  /** One output item aggregating all given items: a filtered dimension that is not grouped. */
  public static DimensionRequest collapsed(DimensionMeta dimension, List<Item> items) {
    return new DimensionRequest(dimension, List.of(items), false);
  }

  /** Whether the request needs a recode (a filter, a group or a total) rather than the defaults. */
  public boolean isRecoded() {
    return groups != null || total;
  }

  /**
   * The number of items the answer has for this dimension, its Total included, if known without
   * fetching the dimension's items; else -1.
   */
  public long expectedItems() {
    final long items = groups != null ? groups.size() : dimension.itemCountIfLoaded();
    return items < 0 ? -1 : items + (total ? 1 : 0);
  }

  /**
   * What the request asks for, for messages: the number of groups with the first labels, and the
   * Total, e.g. {@code 2 (North East, London) and a Total}. Only groups the connection knows are
   * named: {@code all items} where the items have not been fetched.
   */
  public String describe() {
    if (groups == null && dimension.itemCountIfLoaded() < 0) {
      return "all items" + (total ? " and a Total" : "");
    }
    final List<List<Item>> asked = groupsOrAll();
    final String shown = asked.stream().limit(5)
        .map(g -> g.stream().map(Item::label).collect(Collectors.joining("; ")))
        .collect(Collectors.joining(", "));
    return asked.size() + " (" + shown + (asked.size() > 5 ? ", …" : "") + ")" + (total ? " and a Total" : "");
  }

  /** The groups to send: the explicit groups, or every item on its own. */
  public List<List<Item>> groupsOrAll() {
    return groups != null ? groups : dimension.items().stream().map(List::of).toList();
  }
}
