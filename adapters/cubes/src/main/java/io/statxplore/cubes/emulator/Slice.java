package io.statxplore.cubes.emulator;

import io.statxplore.cubes.emulator.BudgetData.Dataset;
import io.statxplore.cubes.emulator.BudgetData.Entry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the three flavors compute alike once their parameters are parsed: the entries of a cut,
 * their cells per drilldown with sum, count, minimum and maximum of the amount, an order and a page.
 */
final class Slice {
  /** The statistics of a cell: what every aggregate is computed from. */
  record Stats(long count, double sum, double min, double max) {
    static Stats of(List<Entry> entries) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Entry e : entries) {
        sum += e.amount();
        min = Math.min(min, e.amount());
        max = Math.max(max, e.amount());
      }
      return new Stats(entries.size(), sum, min, max);
    }

    /** The value of {@code function} ({@code sum}, {@code count}, {@code min}, {@code max}). */
    Object value(String function) {
      return switch (function) {
        case "count" -> count;
        case "min" -> count == 0 ? null : min;
        case "max" -> count == 0 ? null : max;
        default -> sum;
      };
    }
  }

  /** One cell: the drilldown values by reference, and its statistics. */
  record Cell(Map<String, Object> key, Stats stats) { }

  private final List<Predicate<Entry>> cuts = new ArrayList<>();

  void cut(Predicate<Entry> p) {
    cuts.add(p);
  }

  List<Entry> entries(Dataset d) {
    return d.entries().stream().filter(e -> cuts.stream().allMatch(p -> p.test(e))).toList();
  }

  /** Cells of the entries per distinct value of {@code refs}, in the order of those values. */
  static List<Cell> cells(List<Entry> entries, List<String> refs) {
    final Map<List<Object>, List<Entry>> groups = new TreeMap<>(Slice::compareLists);
    for (Entry e : entries) {
      final List<Object> key = refs.stream().map(r -> e.values().get(r)).toList();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
    }
    final List<Cell> cells = new ArrayList<>();
    groups.forEach((k, es) -> {
      final Map<String, Object> key = new LinkedHashMap<>();
      for (int i = 0; i < refs.size(); i++) {
        key.put(refs.get(i), k.get(i));
      }
      cells.add(new Cell(key, Stats.of(es)));
    });
    return cells;
  }

  static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return a.toString().compareTo(b.toString());
  }

  private static int compareLists(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      final int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** A comparator of rows by the values {@code value} gives for each key, descending where asked. */
  static <T> Comparator<T> order(List<String> keys, List<Boolean> descending,
      java.util.function.BiFunction<T, String, Object> value) {
    Comparator<T> c = (x, y) -> 0;
    for (int i = 0; i < keys.size(); i++) {
      final String k = keys.get(i);
      final Comparator<T> one = (x, y) -> compare(value.apply(x, k), value.apply(y, k));
      c = c.thenComparing(descending.get(i) ? one.reversed() : one);
    }
    return c;
  }

  /** The rows of page {@code index} (0-based) of {@code size}. */
  static <T> List<T> page(List<T> rows, long index, int size) {
    final long from = Math.min(rows.size(), index * size);
    return rows.subList((int) from, (int) Math.min(rows.size(), from + size));
  }

  /** {@code rows} sorted by {@code order}'s [key, {@code asc}|{@code desc}] pairs. */
  static <T> List<T> sorted(List<T> rows, List<String[]> order, java.util.function.BiFunction<T, String, Object> value) {
    final List<T> out = new ArrayList<>(rows);
    out.sort(order(order.stream().map(o -> o[0]).toList(), order.stream().map(o -> o[1].equals("desc")).toList(),
        value));
    return out;
  }
}
