package io.statxplore.core.cube;

import static java.util.Objects.requireNonNull;

/**
 * A measure of a cube table: one numeric column.
 *
 * @param id identifier the adapter sends in requests (for SuperSTAR a count or statfn URI)
 * @param label human label
 * @param function what the API computes for a cell
 * @param source where the measure came from, shown in column REMARKS
 */
public record MeasureMeta(String id, String label, MeasureFunction function, String source) {
  public MeasureMeta {
    requireNonNull(id, "id");
    requireNonNull(label, "label");
    requireNonNull(function, "function");
    requireNonNull(source, "source");
  }
}
