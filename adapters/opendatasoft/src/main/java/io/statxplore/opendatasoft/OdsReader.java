package io.statxplore.opendatasoft;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.ApiResponse;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.record.RecordCursor;
import io.statxplore.core.record.RecordQuery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams the rows of a {@link RecordQuery} within the API's limits. {@code /records} returns at
 * most {@value #PAGE} rows per call and none at or past offset {@value #WINDOW} (grouped: at most
 * {@value #GROUPED_WINDOW} rows in all), so a query with a LIMIT inside that window reads pages of
 * {@code /records}; a scan without LIMIT or past the window reads {@code /exports/json}, which has
 * no limit, parsing it as it arrives and skipping the offset locally (exports take no offset).
 */
final class OdsReader implements RecordCursor {
  static final int PAGE = 100;
  static final int WINDOW = 10_000;
  static final int GROUPED_WINDOW = 20_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private final OdsAdapter adapter;
  private final RecordQuery query;
  private final CallScope scope;
  /** The names the request selects: an answer's result may have no others. */
  private final Set<String> selected = new HashSet<>();
  /** The groups of the current {@code /records} answer, which may come once each. */
  private final Set<List<String>> groups = new HashSet<>();
  /** Rows of the query's answer returned so far (after its offset). */
  private long position;
  /** Rows still to skip in the current response (an export starts at the first row). */
  private long skip;
  private int pageRows;
  private int pageLimit;
  private boolean exporting;
  private boolean done;
  private @Nullable ApiResponse response;
  private @Nullable JsonParser parser;

  OdsReader(OdsAdapter adapter, RecordQuery query, CallScope scope) {
    this.adapter = adapter;
    this.query = query;
    this.scope = scope;
    this.done = query.fetch() != null && query.fetch() == 0;
    if (query.isAggregated()) {
      query.groupKeys().forEach(c -> selected.add(c.id()));
      query.aggregates().forEach(a -> selected.add(a.alias()));
    } else {
      query.selected().forEach(c -> selected.add(c.id()));
    }
  }

  /** The first request a query sends. */
  static HttpUrl firstRequest(OdsAdapter adapter, RecordQuery query) {
    final int limit = recordsLimit(query, 0);
    return limit > 0 ? records(adapter, query, query.offset(), limit) : export(adapter, query);
  }

  @Override public Object @Nullable [] next() {
    try {
      while (!done) {
        if (parser == null) {
          open();
          continue;
        }
        final JsonToken t = parser.nextToken();
        if (t == JsonToken.START_OBJECT) {
          final JsonNode result = MAPPER.readTree(parser);
          if (++pageRows > pageLimit && !exporting) {
            throw broken("it has more results than the " + pageLimit + " the request asked for");
          }
          check(result);
          if (skip > 0) {
            skip--;
            continue;
          }
          position++;
          if (query.fetch() != null && position >= query.fetch()) {
            done = true;
          }
          return adapter.row(result, query.outputs());
        }
        if (t != JsonToken.END_ARRAY) {
          throw broken("a result object was expected, not " + t);
        }
        endOfResponse();
      }
      close();
      return null;
    } catch (IOException e) {
      close();
      throw broken(e.getMessage());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * A result must be one the request asked for: only the selected fields (a server that ignores
   * {@code select} sends every field), and in a grouped {@code /records} answer each group once
   * (one that ignores {@code group_by} sends records).
   */
  private void check(JsonNode result) {
    for (Iterator<String> names = result.fieldNames(); names.hasNext(); ) {
      final String name = names.next();
      if (!selected.contains(name)) {
        throw broken("it has field '" + name + "', which the request did not select");
      }
    }
    if (query.isAggregated() && !exporting) {
      final List<String> group = query.groupKeys().stream().map(c -> String.valueOf(result.get(c.id()))).toList();
      if (!groups.add(group)) {
        throw broken("it has the group " + group + " twice");
      }
    }
  }

  /** Sends the next request: a {@code /records} page while the window allows, else the export. */
  private void open() throws IOException {
    final long start = query.offset() + position;
    final int limit = exporting ? 0 : recordsLimit(query, position);
    final HttpUrl url;
    if (limit > 0) {
      url = records(adapter, query, start, limit);
      pageLimit = limit;
    } else {
      url = export(adapter, query);
      exporting = true;
      skip = start;
    }
    pageRows = 0;
    groups.clear();
    response = adapter.client().get(url, scope);
    parser = FACTORY.createParser(response.body());
    if (parser.nextToken() == JsonToken.START_ARRAY) {
      return;
    }
    // A /records answer: {"total_count": n, "results": [...]}.
    for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
      if (t == JsonToken.FIELD_NAME && parser.currentName().equals("results")) {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
          throw broken("\"results\" is not an array");
        }
        return;
      }
      parser.skipChildren();
    }
    throw broken("it has no \"results\"");
  }

  private void endOfResponse() {
    closeResponse();
    // A short page ends the answer; so do the export, which has no limit, and a global aggregate's one row.
    done = done || exporting || pageRows < pageLimit || query.isAggregated() && query.groupKeys().isEmpty();
  }

  /** Rows the next {@code /records} call may ask for, or 0 if the answer needs the export. */
  private static int recordsLimit(RecordQuery query, long position) {
    final long start = query.offset() + position;
    final Long fetch = query.fetch();
    if (query.isAggregated() && query.groupKeys().isEmpty()) {
      // One row: without group_by the API allows at most 100.
      return fetch == null || fetch > 0 ? 1 : 0;
    }
    if (query.isAggregated()) {
      final long room = GROUPED_WINDOW - 1 - start;
      return (int) Math.max(0, fetch == null ? room : Math.min(room, fetch - position));
    }
    // Without grouping a full scan is exported at once, rather than in pages of 100.
    if (fetch == null || query.offset() + fetch >= WINDOW) {
      return 0;
    }
    return (int) Math.min(PAGE, fetch - position);
  }

  private static HttpUrl records(OdsAdapter adapter, RecordQuery query, long offset, int limit) {
    final HttpUrl.Builder b = with(adapter.url("catalog", "datasets", query.table().id(), "records"), query);
    b.addQueryParameter("limit", String.valueOf(limit));
    if (offset > 0) {
      b.addQueryParameter("offset", String.valueOf(offset));
    }
    return b.build();
  }

  private static HttpUrl export(OdsAdapter adapter, RecordQuery query) {
    final HttpUrl.Builder b = with(adapter.url("catalog", "datasets", query.table().id(), "exports", "json"), query);
    if (query.fetch() != null) {
      b.addQueryParameter("limit", String.valueOf(query.offset() + query.fetch()));
    }
    return b.build();
  }

  private static HttpUrl.Builder with(HttpUrl url, RecordQuery query) {
    final HttpUrl.Builder b = url.newBuilder();
    for (Map.Entry<String, String> p : Odsql.parameters(query).entrySet()) {
      b.addQueryParameter(p.getKey(), p.getValue());
    }
    return b;
  }

  /** {@code why} may quote the answer (a parser's message), so it is redacted. */
  private ApiException broken(String why) {
    return adapter.client().redact(new ApiException(ApiErrorKind.BAD_RESPONSE, "OpenDataSoft sent a broken"
        + " answer to " + (response == null ? "a request" : response.request()) + ": " + why));
  }

  private void closeResponse() {
    try {
      if (parser != null) {
        parser.close();
      }
    } catch (IOException e) {
      // The body is closed below either way.
    }
    parser = null;
    if (response != null) {
      response.close();
      response = null;
    }
  }

  @Override public void close() {
    done = true;
    closeResponse();
  }
}
