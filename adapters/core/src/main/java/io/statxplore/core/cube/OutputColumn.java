package io.statxplore.core.cube;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What one column of a {@link CubeQuery}'s rows holds. */
public sealed interface OutputColumn {
  /** The label of the cell's item of dimension {@code dimension} (index into the query's dimensions). */
  record Label(int dimension) implements OutputColumn { }

  /** The code of the cell's item of dimension {@code dimension}. */
  record Code(int dimension) implements OutputColumn { }

  /**
   * The value a GROUP BY expression over dimension {@code dimension} ({@code CASE}, an
   * {@code IN}-list) has for the items of each of its groups: {@code values.get(g)} in cells of
   * group {@code g} of the query's request for that dimension.
   */
  record Grouped(int dimension, List<@Nullable Object> values) implements OutputColumn {
    public Grouped {
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }
  }

  /** NULL: a classification of a field that the request does not break the cells down by. */
  record Absent() implements OutputColumn { }

  /** The cell's value of measure {@code measure} (index into the query's measures). */
  record Measure(int measure) implements OutputColumn { }

  /**
   * Group key {@code key} (index into the query's group keys): its label or code, or NULL in rows
   * of a grouping set that rolls it up.
   */
  record Key(int key) implements OutputColumn { }

  /**
   * SQL {@code GROUPING(k1, …)} over group keys: one bit per key, the first the most
   * significant, set where the row's grouping set rolls that key up.
   */
  record Grouping(List<Integer> keys) implements OutputColumn {
    public Grouping {
      keys = List.copyOf(keys);
    }
  }
}
