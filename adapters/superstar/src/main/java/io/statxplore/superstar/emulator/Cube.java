package io.statxplore.superstar.emulator;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * One emulated database: its fields, measures and record-level data. Records hold, per field,
 * the index of their value in the field's first (finest) value set, and per measure an amount.
 */
final class Cube {
  /** A value of a value set. */
  record Value(String uri, String code, String label, List<String> annotationKeys) { }

  /**
   * A classification of a field. {@code fromBase[i]} is the index in this value set of value
   * {@code i} of the field's first value set (identity for the first one).
   */
  record ValueSet(String uri, String label, List<Value> values, int[] fromBase) { }

  record Field(String uri, String label, List<ValueSet> valueSets, String group) { }

  /** A statistic of a measure: SUM, MEAN or MEDIAN. */
  record Statistic(String uri, String label, String function) { }

  record Measure(String uri, String label, List<Statistic> statistics) { }

  final String id;
  final String label;
  final String folder;
  final String countUri;
  final String countLabel;
  final List<Field> fields;
  final List<Measure> measures;
  final Map<String, String> annotations;
  /**
   * The records, as columns: {@code values[f][r]} is the base value index of record r in field f,
   * {@code amounts[m][r]} the amount of measure m for record r.
   */
  record Records(int[][] values, double[][] amounts) { }

  private final Supplier<Records> draw;
  private volatile @Nullable Records records;

  Cube(String id, String label, String folder, String factTable, String countLabel, List<Field> fields,
      List<Measure> measures, Map<String, String> annotations, Supplier<Records> records) {
    this.id = requireNonNull(id);
    this.label = label;
    this.folder = folder;
    this.countUri = "str:count:" + id + ":" + factTable;
    this.countLabel = countLabel;
    this.fields = List.copyOf(fields);
    this.measures = List.copyOf(measures);
    // Kept in the order given: the response's annotationMap lists them so.
    this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    this.draw = requireNonNull(records);
  }

  String uri() {
    return "str:database:" + id;
  }

  /**
   * The records, drawn on the first query of the table: an emulator started for one statement
   * (the command line's {@code --demo}) draws only the tables it reads.
   */
  private Records drawn() {
    Records r = records;
    if (r == null) {
      synchronized (this) {
        r = records;
        if (r == null) {
          r = requireNonNull(draw.get());
          records = r;
        }
      }
    }
    return r;
  }

  /** {@code values()[f][r]}: base value index of record r in field f. */
  int[][] values() {
    return drawn().values();
  }

  /** {@code amounts()[m][r]}: amount of measure m for record r. */
  double[][] amounts() {
    return drawn().amounts();
  }

  int records() {
    final int[][] values = values();
    return values.length == 0 ? 0 : values[0].length;
  }
}
