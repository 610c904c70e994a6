package io.statxplore.cubes;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.record.Pred;
import io.statxplore.cubes.CubeModel.Attr;
import io.statxplore.cubes.CubeModel.Dim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One flavor's requests and answers: where its datasets, models, aggregates, facts and members
 * are, how a cut, drilldown, aggregate list, order and page are written, and how an answer's
 * rows read as flat objects keyed by attribute reference or aggregate name.
 */
abstract class Dialect {
  /** A dataset as listed. */
  record Listed(String id, String label, String description, @Nullable String currency, List<String> territories) { }

  /**
   * The values an attribute may take: one of {@code values}, or, without them, within the
   * inclusive bounds {@code lo}, {@code hi} (null: open).
   */
  record Cut(Attr attr, @Nullable List<Object> values, @Nullable Object lo, @Nullable Object hi) { }

  /** A sort key: an attribute reference or an aggregate name. */
  record Order(String ref, boolean descending) { }

  /**
   * One aggregate or facts request in neutral form.
   *
   * @param drilldown attributes to group by (aggregate) or to return (facts)
   * @param aggregates the aggregates' names (aggregate only)
   */
  record Request(String dataset, List<Cut> cuts, List<Attr> drilldown, List<String> aggregates, List<Order> order,
      List<String> measures) { }

  /**
   * An answer's rows as flat objects.
   *
   * @param total rows of the whole answer, if the server says
   * @param summary the aggregates over the whole cut (aggregate only)
   */
  record Answer(List<ObjectNode> rows, @Nullable Long total, @Nullable JsonNode summary) { }

  final CubesClient client;

  Dialect(CubesClient client) {
    this.client = client;
  }

  abstract String flavor();

  abstract List<Listed> datasets();

  abstract CubeModel model(String dataset);

  /** The aggregate request; {@code start}/{@code size} page it, or both are null for one cell. */
  abstract HttpUrl aggregate(Request r, @Nullable Long start, @Nullable Integer size);

  abstract Answer readAggregate(JsonNode body);

  /** Checks that an answer is the page asked for, where the flavor echoes it. */
  void checkPage(JsonNode body, long start, int size) {
  }

  abstract HttpUrl facts(Request r, long start, int size);

  abstract Answer readFacts(JsonNode body);

  abstract HttpUrl members(String dataset, Dim dim, long start, int size);

  abstract Answer readMembers(JsonNode body, Dim dim);

  /** Rows per answer the server declares, or null if it declares none. */
  @Nullable Integer recordLimit() {
    return null;
  }

  /** Whether the API's cut keeps exactly the rows where {@code attr op value}. */
  abstract boolean canCut(Attr attr, Pred.Op op, Object value);

  /** Whether a drilldown groups by {@code attr} alone (else the engine groups). */
  boolean canDrill(Attr attr) {
    return true;
  }

  /** Whether one drilldown groups by exactly {@code attrs}, as SQL's GROUP BY does. */
  boolean canDrillAll(List<Attr> attrs) {
    return true;
  }

  /** Whether the API sorts its aggregate answer by a group key as SQL does. */
  boolean canSortKeys() {
    return true;
  }

  /** Whether an entry listing takes an order. */
  boolean canSortFacts() {
    return true;
  }

  /** The SQL privileges the caller holds on {@code dataset}, as the flavor reports them; empty if it reports none. */
  List<String> privileges(String dataset) {
    return List.of();
  }

  /** The request for the entry {@code id}, or null if the flavor has none. */
  @Nullable HttpUrl entry(String dataset, String id) {
    return null;
  }

  /** The attribute that holds an entry's id in answers, or null if the flavor reports none. */
  @Nullable String idRef() {
    return null;
  }

  /** A value as a cut writes it. */
  static String text(Object value) {
    return value instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : value.toString();
  }

  /** A nested answer object ({@code {"region": {"name": …}}}) flattened to {@code region.name}. */
  static ObjectNode flatten(JsonNode node) {
    final ObjectNode flat = CubesClient.MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      final Map.Entry<String, JsonNode> f = it.next();
      if (f.getValue().isObject()) {
        f.getValue().fields().forEachRemaining(a -> flat.set(f.getKey() + "." + a.getKey(), a.getValue()));
      } else {
        flat.set(f.getKey(), f.getValue());
      }
    }
    return flat;
  }

  /** The objects of an array answer, or a broken-answer error. */
  List<ObjectNode> objects(JsonNode array, String what) {
    if (array == null || !array.isArray()) {
      throw broken("\"" + what + "\" is not a list");
    }
    final List<ObjectNode> rows = new ArrayList<>();
    for (JsonNode n : array) {
      if (!n.isObject()) {
        throw broken("an item of \"" + what + "\" is not an object");
      }
      rows.add((ObjectNode) n);
    }
    return rows;
  }

  ApiException broken(String why) {
    return new ApiException(ApiErrorKind.BAD_RESPONSE, flavor() + " sent a broken answer: " + why);
  }

  static @Nullable Long total(JsonNode node) {
    return node != null && node.canConvertToLong() ? node.asLong() : null;
  }
}
