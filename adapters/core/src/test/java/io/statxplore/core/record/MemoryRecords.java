package io.statxplore.core.record;

import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.TableEntry;

import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A record API in memory: table {@code sales} (region, year, amount), six rows. It evaluates
 * whatever {@link RecordQuery} the engine sends, exactly, and declares per test what it computes:
 * {@code filters} for every predicate, grouping and aggregates, sorting (and with it paging).
 */
final class MemoryRecords extends RecordAdapter {
  private static final TableEntry SALES = new TableEntry("sales", "sales", "sales in memory");
  static final RecordColumn REGION = new RecordColumn("region", "region", SqlTypeName.VARCHAR, "");
  static final RecordColumn YEAR = new RecordColumn("year", "year", SqlTypeName.BIGINT, "");
  static final RecordColumn AMOUNT = new RecordColumn("amount", "amount", SqlTypeName.BIGINT, "");
  private static final List<Object[]> ROWS = List.of(new Object[] {"North", 2020L, 10L},
      new Object[] {"North", 2021L, 20L}, new Object[] {"South", 2020L, 30L}, new Object[] {"South", 2021L, 40L},
      new Object[] {"East", 2020L, 50L}, new Object[] {"East", 2021L, 60L});

  private final FilterSupport filters;
  private final boolean groups;
  private final boolean sorts;

  MemoryRecords(FilterSupport filters, boolean groups, boolean sorts) {
    this.filters = filters;
    this.groups = groups;
    this.sorts = sorts;
  }

  @Override public List<TableEntry> tables() {
    return List.of(SALES);
  }

  /** {@code sales_again}: the sales under a name served but not listed. */
  @Override public @Nullable TableEntry unlisted(String name) {
    return name.equalsIgnoreCase("sales_again") ? new TableEntry("sales", name, "sales, unlisted") : null;
  }

  @Override public RecordTableMeta columns(TableEntry table) {
    return new RecordTableMeta(SALES, List.of(REGION, YEAR, AMOUNT));
  }

  @Override public FilterSupport filter(Pred pred) {
    return filters;
  }

  @Override public boolean canGroupBy(RecordColumn column) {
    return groups;
  }

  @Override public boolean canAggregate(Agg.Function function, @Nullable RecordColumn column) {
    return groups && function != Agg.Function.AVG;
  }

  @Override public boolean canSort(Output output) {
    return sorts;
  }

  @Override public RecordCursor execute(RecordQuery query, CallScope scope) {
    final List<RecordColumn> columns = query.columns();
    final Predicate<Object[]> kept = query.filter() == null ? r -> true : r -> test(query.filter(), columns, r);
    final List<Object[]> base = new ArrayList<>();
    if (query.isAggregated()) {
      final Map<List<Object>, List<Object[]>> grouped = new LinkedHashMap<>();
      ROWS.stream().filter(kept).forEach(r -> grouped.computeIfAbsent(
          query.groupKeys().stream().map(k -> r[columns.indexOf(k)]).toList(), k -> new ArrayList<>()).add(r));
      grouped.forEach((key, rows) -> {
        final List<Object> row = new ArrayList<>(key);
        query.aggregates().forEach(a -> row.add(aggregate(a, columns, rows)));
        base.add(row.toArray());
      });
    } else {
      ROWS.stream().filter(kept).forEach(base::add);
    }
    final List<Object[]> out = new ArrayList<>(base.stream()
        .map(r -> query.projection().stream().map(i -> r[i]).toArray()).toList());
    Comparator<Object[]> order = (x, y) -> 0;
    for (RecordQuery.SortKey k : query.order()) {
      final Comparator<Object[]> one = Comparator.comparing((Object[] r) -> (Comparable) r[k.output()],
          Comparator.nullsLast(Comparator.naturalOrder()));
      order = order.thenComparing(k.descending() ? one.reversed() : one);
    }
    out.sort(order);
    final Iterator<Object[]> rows = out.stream().skip(query.offset())
        .limit(query.fetch() == null ? Long.MAX_VALUE : query.fetch()).iterator();
    return new RecordCursor() {
      @Override public Object @Nullable [] next() {
        return rows.hasNext() ? rows.next() : null;
      }

      @Override public void close() {
      }
    };
  }

  private static @Nullable Object aggregate(Agg a, List<RecordColumn> columns, List<Object[]> rows) {
    if (a.column() == null) {
      return (long) rows.size();
    }
    final List<Long> values = rows.stream().map(r -> (Long) r[columns.indexOf(a.column())]).toList();
    return switch (a.function()) {
      case COUNT -> (long) values.size();
      case SUM -> values.stream().mapToLong(Long::longValue).sum();
      case MIN -> values.stream().min(Long::compare).orElse(null);
      case MAX -> values.stream().max(Long::compare).orElse(null);
      case AVG -> throw new IllegalStateException("AVG is not declared");
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean test(Pred p, List<RecordColumn> columns, Object[] row) {
    if (p instanceof Pred.And and) {
      return and.operands().stream().allMatch(o -> test(o, columns, row));
    } else if (p instanceof Pred.Or or) {
      return or.operands().stream().anyMatch(o -> test(o, columns, row));
    } else if (p instanceof Pred.Not not) {
      return !test(not.operand(), columns, row);
    } else if (p instanceof Pred.IsNull n) {
      return (row[columns.indexOf(n.column())] == null) != n.negated();
    } else if (p instanceof Pred.StartsWith s) {
      return ((String) row[columns.indexOf(s.column())]).startsWith(s.prefix());
    }
    final Pred.Compare c = (Pred.Compare) p;
    final int cmp = ((Comparable) row[columns.indexOf(c.column())]).compareTo(c.value());
    return switch (c.op()) {
      case EQ -> cmp == 0;
      case NE -> cmp != 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
    };
  }

  @Override public String explain(RecordQuery query) {
    return "memory " + query;
  }

  @Override public void close() {
  }
}
