package io.statxplore.core.cube;

import java.util.List;

/**
 * The items a preview asks for: the first {@code rows} cells of the answer in the API's order,
 * a {@code LIMIT} without {@code ORDER BY}, need only the leading items of each dimension.
 */
final class PreviewPlanner {
  private PreviewPlanner() {
  }

  /**
   * The items of dimension {@code i} that the first {@code rows} cells use, cells being ordered
   * with the first dimension varying slowest: the dimensions from the one whose trailing product
   * reaches {@code rows} on keep all their items, that one keeps as many as needed, and those
   * before it keep their first item.
   *
   * @param items the items each dimension would have without the preview
   */
  static List<Item> leading(List<List<Item>> items, int i, long rows) {
    long inner = 1;
    for (int j = items.size() - 1; j > i; j--) {
      inner = Math.min(rows, inner * items.get(j).size());
    }
    if (inner >= rows) {
      return items.get(i).subList(0, Math.min(1, items.get(i).size()));
    }
    final long needed = (rows + inner - 1) / Math.max(inner, 1);
    return items.get(i).subList(0, (int) Math.min(needed, items.get(i).size()));
  }
}
