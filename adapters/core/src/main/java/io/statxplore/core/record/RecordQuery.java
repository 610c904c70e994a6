package io.statxplore.core.record;

import io.statxplore.core.spi.TableEntry;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A neutral query over one record-shaped table, as the rules push operators into it: a filter,
 * a projection, a grouping with aggregates, an order, an offset and a limit, applied in that
 * order. An adapter renders it as one request (or pages of one).
 *
 * @param table the table
 * @param columns the table's columns
 * @param filter rows kept, or null for all
 * @param groupKeys grouping columns, when {@code aggregates} is not null
 * @param aggregates aggregates per group, or null for a query that does not group
 * @param projection the answer's values, as positions in {@link #base()}
 * @param order sort keys, as positions in {@link #outputs()}
 * @param offset rows skipped after sorting
 * @param fetch most rows returned after the offset, or null for all
 */
public record RecordQuery(TableEntry table, List<RecordColumn> columns, @Nullable Pred filter,
    List<RecordColumn> groupKeys, @Nullable List<Agg> aggregates, List<Integer> projection,
    List<SortKey> order, long offset, @Nullable Long fetch) {
  /** One sort key: a position in {@link #outputs()}, descending or not (nulls sort high). */
  public record SortKey(int output, boolean descending) { }

  public RecordQuery {
    columns = List.copyOf(columns);
    groupKeys = List.copyOf(groupKeys);
    aggregates = aggregates == null ? null : List.copyOf(aggregates);
    projection = List.copyOf(projection);
    order = List.copyOf(order);
  }

  /** All rows and columns of {@code meta}'s table. */
  public static RecordQuery scan(RecordTableMeta meta) {
    return new RecordQuery(meta.entry(), meta.columns(), null, List.of(), null,
        IntStream.range(0, meta.columns().size()).boxed().toList(), List.of(), 0, null);
  }

  public boolean isAggregated() {
    return aggregates != null;
  }

  /** Whether an order, offset or limit is set: no filter or grouping may follow. */
  public boolean isSortedOrLimited() {
    return !order.isEmpty() || offset > 0 || fetch != null;
  }

  /** The row before projection: the table's columns, or the group keys and aggregates. */
  public List<Output> base() {
    final List<Output> base = new ArrayList<>();
    if (aggregates == null) {
      base.addAll(columns);
    } else {
      base.addAll(groupKeys);
      base.addAll(aggregates);
    }
    return base;
  }

  /** The values of each answer row, in order. */
  public List<Output> outputs() {
    final List<Output> base = base();
    return projection.stream().map(base::get).toList();
  }

  /** For a query that does not group: the distinct columns the answer needs, in output order. */
  public List<RecordColumn> selected() {
    final LinkedHashSet<RecordColumn> selected = new LinkedHashSet<>();
    outputs().forEach(o -> selected.add((RecordColumn) o));
    return List.copyOf(selected);
  }

  /** The column behind output {@code i}, or null for an aggregate. */
  public @Nullable RecordColumn columnOf(int i) {
    return outputs().get(i) instanceof RecordColumn c ? c : null;
  }

  /** The conjuncts of the filter; empty without one. */
  public List<Pred> conjuncts() {
    if (filter == null) {
      return List.of();
    }
    final List<Pred> conjuncts = new ArrayList<>();
    final List<Pred> pending = new ArrayList<>(List.of(filter));
    while (!pending.isEmpty()) {
      final Pred p = pending.remove(pending.size() - 1);
      if (p instanceof Pred.And and) {
        pending.addAll(and.operands());
      } else {
        conjuncts.add(p);
      }
    }
    return conjuncts;
  }

  /** This query keeping only rows that also satisfy {@code pred}. */
  public RecordQuery withFilter(Pred pred) {
    final Pred combined = filter == null ? pred : new Pred.And(List.of(filter, pred));
    return new RecordQuery(table, columns, combined, groupKeys, aggregates, projection, order, offset, fetch);
  }

  /** This query returning its outputs at {@code positions}. */
  public RecordQuery withProjection(List<Integer> positions) {
    return new RecordQuery(table, columns, filter, groupKeys, aggregates,
        positions.stream().map(projection::get).toList(), order, offset, fetch);
  }

  /** This query grouped by the columns at output positions {@code keys}, computing {@code aggs}. */
  public RecordQuery withAggregate(List<RecordColumn> keys, List<Agg> aggs) {
    return new RecordQuery(table, columns, filter, keys, aggs,
        IntStream.range(0, keys.size() + aggs.size()).boxed().toList(), List.of(), 0, null);
  }

  /** This query sorted, then cut to {@code fetch} rows after {@code newOffset}. */
  public RecordQuery withSort(List<SortKey> keys, long newOffset, @Nullable Long newFetch) {
    return new RecordQuery(table, columns, filter, groupKeys, aggregates, projection, keys, newOffset, newFetch);
  }
}
