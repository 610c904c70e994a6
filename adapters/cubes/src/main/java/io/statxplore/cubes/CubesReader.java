package io.statxplore.cubes;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.record.Agg;
import io.statxplore.core.record.Output;
import io.statxplore.core.record.PagedCursor;
import io.statxplore.core.record.Pred;
import io.statxplore.core.record.RecordCursor;
import io.statxplore.core.record.RecordQuery;
import io.statxplore.core.record.RecordValues;
import io.statxplore.cubes.Dialect.Answer;
import io.statxplore.cubes.Dialect.Cut;
import io.statxplore.cubes.Dialect.Request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Runs one query: a total over the cut (one aggregate request, read from its summary), a
 * grouped aggregate or an entry listing (pages of one request, {@link PagedCursor}), or one entry
 * by id. A cut that no row can pass sends nothing.
 */
final class CubesReader {
  private final CubesAdapter adapter;
  private final RecordQuery query;
  private final CallScope scope;
  private final Dialect dialect;
  private final @Nullable List<Cut> cuts;
  private final CubeModel model;
  private final Set<List<Object>> groups = new HashSet<>();

  CubesReader(CubesAdapter adapter, RecordQuery query, CallScope scope) {
    this.adapter = adapter;
    this.query = query;
    this.scope = scope;
    this.dialect = adapter.dialect();
    this.cuts = adapter.cuts(query);
    this.model = adapter.model(query.table().id());
  }

  /** The entry id a query without aggregation asks for, or null. */
  private @Nullable String entryId() {
    if (query.isAggregated()) {
      return null;
    }
    for (Pred p : query.conjuncts()) {
      if (p instanceof Pred.Compare c && adapter.field(c.column()).kind() == CubesAdapter.Kind.ID) {
        return (String) c.value();
      }
    }
    return null;
  }

  /** The first request the query sends, or null if it sends none. */
  @Nullable HttpUrl firstRequest() {
    if (cuts == null) {
      return null;
    }
    final String id = entryId();
    if (id != null) {
      return dialect.entry(query.table().id(), id);
    }
    final Request r = adapter.request(query, cuts);
    if (query.isAggregated() && query.groupKeys().isEmpty()) {
      return dialect.aggregate(r, null, null);
    }
    final PagedCursor pages = pages((start, size) -> {
      throw new IllegalStateException("not sent");
    });
    final long start = query.offset() / pages.pageSize() * pages.pageSize();
    return query.isAggregated() ? dialect.aggregate(r, start, pages.pageSize())
        : dialect.facts(r, start, pages.pageSize());
  }

  private PagedCursor pages(PagedCursor.Fetcher fetcher) {
    return new PagedCursor(fetcher, query.offset(), query.fetch(), CubesAdapter.PAGE,
        query.isAggregated() ? null : dialect.recordLimit(), why -> dialect.broken(why));
  }

  RecordCursor open() {
    if (cuts == null) {
      return rows(query.isAggregated() && query.groupKeys().isEmpty() ? List.<Object[]>of(emptyTotal()) : List.of());
    }
    final String id = entryId();
    if (id != null) {
      return rows(entry(id));
    }
    final Request r = adapter.request(query, cuts);
    if (query.isAggregated() && query.groupKeys().isEmpty()) {
      final Object[] row = total(dialect.readAggregate(get(dialect.aggregate(r, null, null))).summary());
      return rows(List.<Object[]>of(row));
    }
    return pages((start, size) -> {
      final HttpUrl url = query.isAggregated() ? dialect.aggregate(r, start, size) : dialect.facts(r, start, size);
      final JsonNode body = get(url);
      dialect.checkPage(body, start, size);
      final Answer answer = query.isAggregated() ? dialect.readAggregate(body) : dialect.readFacts(body);
      final PagedCursor.Page page = adapter.page(answer, query, cuts, model);
      if (query.isAggregated()) {
        checkGroups(page);
      }
      return page;
    });
  }

  /**
   * Each group comes once in an aggregate answer: a server that ignores the page (or repeats
   * cells) would otherwise give a group twice. The keys seen are as many as the answer's cells.
   */
  private void checkGroups(PagedCursor.Page page) {
    final List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < query.outputs().size(); i++) {
      if (query.outputs().get(i) instanceof io.statxplore.core.record.RecordColumn) {
        keys.add(i);
      }
    }
    for (Object[] row : page.rows()) {
      final List<Object> group = new ArrayList<>();
      keys.forEach(k -> group.add(row[k]));
      if (!groups.add(group)) {
        throw dialect.broken("it has the cell " + group + " twice");
      }
    }
  }

  private JsonNode get(HttpUrl url) {
    return adapter.client().get(url, scope);
  }

  /** The row of a total over no entries: counts 0, other aggregates null, as SQL has them. */
  private Object[] emptyTotal() {
    final List<Output> outputs = query.outputs();
    final Object[] row = new Object[outputs.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = ((Agg) outputs.get(i)).function() == Agg.Function.COUNT ? (Object) 0L : null;
    }
    return row;
  }

  /** The summary of a total as one row. */
  private Object[] total(@Nullable JsonNode summary) {
    if (summary == null || !summary.isObject()) {
      throw dialect.broken("it has no summary");
    }
    final String count = model.aggregate("count", null);
    final Object n = count == null ? null : RecordValues.raw(summary.get(count));
    if (n instanceof Number number && number.longValue() == 0) {
      return emptyTotal();
    }
    final List<Output> outputs = query.outputs();
    final Object[] row = new Object[outputs.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = adapter.value((ObjectNode) summary, outputs.get(i), model);
    }
    return row;
  }

  /** One entry, if it passes the query's other cuts. */
  private List<Object[]> entry(String id) {
    final JsonNode body;
    try {
      body = get(dialect.entry(query.table().id(), id));
    } catch (ApiException e) {
      if (e.kind() == ApiErrorKind.NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
    final ObjectNode flat = Dialect.flatten(body);
    for (Cut c : cuts) {
      if (!CubesAdapter.allows(c, RecordValues.raw(flat.get(c.attr().ref())))) {
        return List.of();
      }
    }
    final PagedCursor.Page page = adapter.page(new Answer(List.of(flat), 1L, null), query, List.of(), model);
    return page.rows();
  }

  /** {@code rows} after the query's offset and within its limit. */
  private RecordCursor rows(List<Object[]> rows) {
    final Iterator<Object[]> it = rows.stream().skip(query.offset())
        .limit(query.fetch() == null ? Long.MAX_VALUE : query.fetch()).iterator();
    return new RecordCursor() {
      @Override public Object @Nullable [] next() {
        return it.hasNext() ? it.next() : null;
      }

      @Override public void close() {
      }
    };
  }
}
