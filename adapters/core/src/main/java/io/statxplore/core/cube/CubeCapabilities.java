package io.statxplore.core.cube;

import io.statxplore.core.engine.LocalAggregation;

import org.apache.calcite.sql.SqlKind;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What a cube API computes, as its adapter declares it: the rules push into a request only what
 * the API computes exactly, and the runner splits a request into the ones the API takes. What a
 * rule declines stays in Calcite, over the finest grain the API gives, under
 * {@link #localAggregation()}.
 *
 * @param aggregates the SQL aggregate the API computes over a group of cells for each kind of
 *     measure ({@code SUM} of a count is the API's count of the group); a kind without one is
 *     read per cell only
 * @param totals how the API gives the Total of a rolled-up dimension ({@code ROLLUP}, {@code CUBE},
 *     {@code GROUPING SETS})
 * @param measuresPerRequest how many measures one request may carry; a query with more is sent as
 *     several requests, whose cells are joined on their items
 * @param filters the filters the API takes
 * @param sorts whether the API orders the cells of an answer as {@code ORDER BY} does by any
 *     output column, NULLs high ({@link CubeQuery#order()})
 * @param pages whether the API skips and cuts the cells of an answer as {@code OFFSET} and
 *     {@code LIMIT} do ({@link CubeQuery#offset()}, {@link CubeQuery#fetch()})
 * @param localAggregation whether the driver may aggregate the API's cells itself, in the API's words
 */
public record CubeCapabilities(Map<MeasureFunction, SqlKind> aggregates, Totals totals, int measuresPerRequest,
    Set<FilterShape> filters, boolean sorts, boolean pages, LocalAggregation localAggregation) {
  /** How the API gives the Total of a rolled-up dimension. */
  public enum Totals {
    /** In the request: the answer has a Total item beside the others ({@link DimensionRequest#total()}). */
    NATIVE,
    /**
     * By a request of its own, in which the dimension is one group of all its items; the engine
     * sends one per combination of rolled-up dimensions (needs {@link FilterShape#GROUPED_ITEMS}).
     */
    SEPARATE_REQUEST,
    /** Not at all: ROLLUP, CUBE and GROUPING SETS are computed by Calcite over the finest grain. */
    NONE
  }

  /** A filter the API takes on one field, evaluated by the engine against the field's items. */
  public enum FilterShape {
    /** One item ({@code =}). */
    SINGLE_ITEM,
    /** A set of items ({@code IN}, {@code OR}, ranges, {@code LIKE}); also what previews and splits send. */
    ITEM_SET,
    /** The complement of a selection ({@code <>}, {@code NOT IN}, {@code NOT LIKE}), sent as the items it keeps. */
    NEGATION,
    /** Several items as one group, which the API aggregates: a filtered field that is not grouped, a grand total. */
    GROUPED_ITEMS
  }

  /** SuperSTAR's: the builder's defaults. */
  public static final CubeCapabilities DEFAULT = builder().build();

  public CubeCapabilities {
    aggregates = Map.copyOf(aggregates);
    requireNonNull(totals, "totals");
    filters = Set.copyOf(filters);
    requireNonNull(localAggregation, "localAggregation");
    if (measuresPerRequest < 1) {
      throw new IllegalArgumentException("measuresPerRequest must be at least 1, not " + measuresPerRequest);
    }
    if (totals == Totals.SEPARATE_REQUEST && !filters.contains(FilterShape.GROUPED_ITEMS)) {
      throw new IllegalArgumentException("totals by separate request need GROUPED_ITEMS: a Total is one group of"
          + " all items");
    }
  }

  /**
   * Capabilities starting from SuperSTAR's: {@code SUM} of counts and sums and {@code AVG} of
   * means, native totals, any number of measures per request, every filter shape, no ordering
   * or paging, and perturbed cells.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The aggregate the API computes for {@code function}, or null if none. */
  public @Nullable SqlKind aggregate(MeasureFunction function) {
    return aggregates.get(function);
  }

  /**
   * Whether the API takes a filter of {@code shape}: a single item where it takes one or a set, a
   * complement where it takes complements and sets (it is sent as the set of items it keeps).
   */
  public boolean takes(FilterShape shape) {
    return switch (shape) {
      case SINGLE_ITEM -> filters.contains(FilterShape.SINGLE_ITEM) || filters.contains(FilterShape.ITEM_SET);
      case NEGATION -> filters.contains(FilterShape.NEGATION) && filters.contains(FilterShape.ITEM_SET);
      default -> filters.contains(shape);
    };
  }

  /** Builds {@link CubeCapabilities}; see {@link #builder()} for its defaults. */
  public static final class Builder {
    private final Map<MeasureFunction, SqlKind> aggregates = new EnumMap<>(Map.of(MeasureFunction.COUNT, SqlKind.SUM,
        MeasureFunction.SUM, SqlKind.SUM, MeasureFunction.MEAN, SqlKind.AVG));
    private Totals totals = Totals.NATIVE;
    private int measuresPerRequest = Integer.MAX_VALUE;
    private Set<FilterShape> filters = EnumSet.allOf(FilterShape.class);
    private boolean sorts;
    private boolean pages;
    private LocalAggregation localAggregation = LocalAggregation.PERTURBED;

    private Builder() {
    }

    /** The API computes {@code aggregate} for measures of kind {@code function}; null: none. */
    public Builder aggregate(MeasureFunction function, @Nullable SqlKind aggregate) {
      if (aggregate == null) {
        aggregates.remove(function);
      } else {
        aggregates.put(function, aggregate);
      }
      return this;
    }

    public Builder totals(Totals value) {
      this.totals = value;
      return this;
    }

    public Builder measuresPerRequest(int value) {
      this.measuresPerRequest = value;
      return this;
    }

    public Builder filters(FilterShape... shapes) {
      this.filters = shapes.length == 0 ? EnumSet.noneOf(FilterShape.class) : EnumSet.of(shapes[0], shapes);
      return this;
    }

    public Builder sorts(boolean value) {
      this.sorts = value;
      return this;
    }

    public Builder pages(boolean value) {
      this.pages = value;
      return this;
    }

    public Builder localAggregation(LocalAggregation value) {
      this.localAggregation = value;
      return this;
    }

    public CubeCapabilities build() {
      return new CubeCapabilities(aggregates, totals, measuresPerRequest, filters, sorts, pages, localAggregation);
    }
  }
}
