package io.statxplore.cubes;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.Map;

/**
 * A dataset's model in the terms the three flavors share: dimensions with their levels'
 * attributes, measures, and the aggregates the server predefines.
 *
 * @param dimensions dimensions in model order
 * @param measures measure names and labels, in model order
 * @param aggregates the name of each predefined aggregate, by {@code function} and
 *     {@code measure} ({@code "count:"} for a count of entries, e.g. {@code "sum:amount"})
 * @param currency the currency of the measures, or null
 */
record CubeModel(List<Dim> dimensions, Map<String, String> measures, Map<String, String> aggregates,
    @Nullable String currency) {
  /**
   * An attribute of a dimension level.
   *
   * @param ref how requests and answers name it ({@code region.name})
   * @param datatype {@code string}, {@code integer}, {@code float}, {@code date} or {@code boolean}
   * @param level the position of its level in the dimension's hierarchy (0 for the top)
   * @param key whether it identifies the members of its level
   */
  record Attr(String dimension, String name, String ref, String label, String datatype, int level, String levelName,
      boolean key) { }

  /** A dimension: its attributes, for every level, top first. */
  record Dim(String name, String label, String description, List<Attr> attributes) { }

  /** The name of the predefined aggregate of {@code function} over {@code measure} (null: entries), or null. */
  @Nullable String aggregate(String function, @Nullable String measure) {
    return aggregates.get(function + ":" + (measure == null ? "" : measure));
  }
}
