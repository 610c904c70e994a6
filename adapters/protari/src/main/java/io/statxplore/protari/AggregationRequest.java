package io.statxplore.protari;

import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.cube.DimensionRequest;
import io.statxplore.core.cube.Item;
import io.statxplore.core.cube.MeasureMeta;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.protari.DatasetMeta.FieldMeta;
import io.statxplore.protari.DatasetMeta.Leaf;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One {@code /datasets/{name}/aggregation} call for a {@link CubeQuery}, checked against the
 * dataset's limits before it is sent. A dimension becomes a {@code group_by} field (its groups
 * as custom groups where one holds several values, the largest left to the API's {@code other}
 * where they hold every value) or, when the query keeps one group of it and
 * no Total, a {@code where} condition only; a grouped dimension's selection is a condition too.
 * Values are written as the API takes them: a parent for all its leaves, a range for a run of
 * intervals, {@code ;} between alternatives.
 */
final class AggregationRequest {
  /** At most this many alternatives per condition, and custom groups per field, of this length. */
  static final int MAX_VALUES_PER_CONDITION = 60;
  static final int MAX_CUSTOM_GROUPS = 100;
  static final int MAX_CUSTOM_GROUP_LENGTH = 1000;

  /**
   * How one dimension of the query is sent.
   *
   * @param groups the codes of each output group, in request order
   * @param groupTexts each group's name in the answer: a custom group as sent, and {@code other} for the
   *     group {@code other} is; null for a plain {@code group_by} (or none)
   * @param other the group that the API's {@code other} is, as it holds every value no custom group
   *     names; -1 where the groups leave values out, and {@code other} is dropped
   * @param condition the {@code where} condition's values, or null for none
   */
  record Part(DimensionRequest request, FieldMeta field, boolean grouped, List<List<String>> groups,
      @Nullable List<String> groupTexts, int other, @Nullable Rendered condition) {
    /** The custom groups as sent, {@code other} left out. */
    List<String> sentGroups() {
      final List<String> sent = new ArrayList<>(groupTexts);
      if (other >= 0) {
        sent.remove(other);
      }
      return sent;
    }
  }

  /** Values as sent: the text, how many alternatives the API counts, and how many {@code ;} parts. */
  record Rendered(String text, int alternatives, int parts) { }

  final DatasetMeta dataset;
  final List<Part> parts = new ArrayList<>();
  final MeasureMeta measure;
  final boolean totals;
  private final String table;

  /** The request for {@code measure}, one of the query's: the engine sends one per measure. */
  AggregationRequest(CubeQuery query, DatasetMeta dataset, MeasureMeta measure) {
    this.dataset = dataset;
    this.table = query.table().name();
    this.measure = measure;
    this.totals = query.dimensions().stream().anyMatch(DimensionRequest::total);
    for (DimensionRequest d : query.dimensions()) {
      parts.add(part(d));
    }
  }

  private Part part(DimensionRequest d) {
    final FieldMeta f = dataset.fields.get(d.dimension().id());
    if (f == null) {
      throw new ApiException(ApiErrorKind.NOT_FOUND, "Dataset " + dataset.name + " has no field " + d.dimension().id());
    }
    final List<String> all = f.leaves().stream().map(Leaf::name).toList();
    if (d.groups() == null) {
      return new Part(d, f, true, all.stream().map(List::of).toList(), null, -1, null);
    }
    final List<List<String>> groups = d.groups().stream().map(g -> g.stream().map(Item::key).toList()).toList();
    final Set<String> union = new HashSet<>();
    groups.forEach(union::addAll);
    final Rendered condition = union.containsAll(all) ? null : render(f, union);
    final boolean custom = groups.stream().anyMatch(g -> g.size() > 1);
    if (groups.size() == 1 && !d.total()) {
      return new Part(d, f, false, groups, null, -1, condition);
    }
    if (!custom) {
      return new Part(d, f, true, groups, null, -1, condition);
    }
    final List<String> texts = new ArrayList<>(groups.stream().map(g -> render(f, new HashSet<>(g)).text()).toList());
    // Where the groups hold every value, one is left to the API's other: the empty value's group,
    // which a custom group could not name, else the largest, which makes the shortest request.
    int other = -1;
    for (int g = 0; condition == null && g < groups.size(); g++) {
      if (other < 0 || !texts.get(other).isEmpty()
          && (texts.get(g).isEmpty() || groups.get(g).size() > groups.get(other).size())) {
        other = g;
      }
    }
    if (other >= 0) {
      texts.set(other, "other");
    }
    return new Part(d, f, true, groups, texts, other, condition);
  }

  /** The values in field order, a fully selected parent as its name, a run of two intervals or more as a range. */
  static Rendered render(FieldMeta f, Set<String> selected) {
    final Map<String, String> replaced = new LinkedHashMap<>();
    final Set<String> covered = new HashSet<>();
    for (Map.Entry<String, List<String>> p : f.parents().entrySet()) {
      if (selected.containsAll(p.getValue()) && p.getValue().stream().noneMatch(covered::contains)) {
        replaced.put(p.getValue().get(0), p.getKey());
        covered.addAll(p.getValue());
      }
    }
    final List<String> out = new ArrayList<>();
    int alternatives = 0;
    final List<Leaf> run = new ArrayList<>();
    for (Leaf leaf : f.leaves()) {
      final boolean interval = f.ranges() && !leaf.sentinel() && (leaf.minimum() != null || leaf.maximum() != null);
      if (selected.contains(leaf.name()) && interval && !covered.contains(leaf.name())) {
        run.add(leaf);
        continue;
      }
      alternatives += flush(f, run, out);
      if (!selected.contains(leaf.name())) {
        continue;
      }
      if (replaced.containsKey(leaf.name())) {
        out.add(replaced.get(leaf.name()));
        alternatives++;
      } else if (!covered.contains(leaf.name())) {
        out.add(leaf.name());
        alternatives++;
      }
    }
    alternatives += flush(f, run, out);
    return new Rendered(String.join(";", out), alternatives, out.size());
  }

  /** Writes a run of selected intervals, as a range where it spans two or more; returns their number. */
  private static int flush(FieldMeta f, List<Leaf> run, List<String> out) {
    final int n = run.size();
    if (n == 1 || (n > 1 && run.get(0).minimum() == null)) {
      run.forEach(l -> out.add(l.name()));
    } else if (n > 1) {
      final Leaf first = run.get(0);
      final Leaf last = run.get(n - 1);
      out.add(last.maximum() == null ? ">=" + first.minimum()
          : first.minimum() + (f.date() ? "/" : "-") + last.maximum());
    }
    run.clear();
    return n;
  }

  /**
   * Checks the dataset's rules, which the API would otherwise answer with an error after the call.
   * An answer above the output limit is refused with the limit, so that the engine splits it.
   */
  AggregationRequest check() {
    final FieldMeta year = dataset.longitudinal();
    if (year != null && parts.stream().noneMatch(p -> p.field() == year
        && (p.grouped() || p.groups().size() == 1 && p.groups().get(0).size() == 1))) {
      throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, "Protari breaks every figure of " + table + " down by "
          + year.name() + " (its longitudinal field), and this query neither groups by " + year.name()
          + " nor keeps one value of it: add " + year.name().toLowerCase(java.util.Locale.ROOT)
          + " to GROUP BY, or filter it to one value (e.g. WHERE " + year.name().toLowerCase(java.util.Locale.ROOT)
          + "_code = '" + year.leaves().get(0).name() + "')");
    }
    final Set<String> used = new TreeSet<>();
    parts.stream().filter(p -> !p.field().longitudinal() && (p.grouped() || p.condition() != null))
        .forEach(p -> used.add(p.field().path()));
    for (DatasetMeta.ExclusionRule rule : dataset.exclusions) {
      final List<String> counted = used.stream().filter(u -> rule.fields().isEmpty() || rule.fields().contains(u))
          .toList();
      if (counted.size() > rule.limit()) {
        throw ApiException.queryLimit((rule.fields().isEmpty()
            ? "Dataset " + dataset.name + " allows at most " + rule.limit() + " fields in one query"
            : "Dataset " + dataset.name + " allows at most " + rule.limit() + " of the fields "
                + String.join(", ", rule.fields()) + " in one query")
            + " (field_exclusion_rules), and this query uses " + counted.size() + ": " + String.join(", ", counted)
            + ". Group or filter by fewer of them.");
      }
    }
    for (Part p : parts) {
      if (p.condition() != null && p.condition().parts() > MAX_VALUES_PER_CONDITION) {
        throw new ApiException(ApiErrorKind.LIMIT_EXCEEDED, "Protari takes at most " + MAX_VALUES_PER_CONDITION
            + " values per condition, and the filter on " + p.field().path() + " of " + table + " keeps "
            + p.condition().parts() + " that cannot be written as fewer ranges or parents");
      }
      final boolean disjunction = p.groupTexts() != null || !p.grouped() && p.condition() != null
          && p.condition().alternatives() > 1;
      if (disjunction && !dataset.disjunctions) {
        throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, "Dataset " + dataset.name + " allows neither"
            + " alternatives nor custom groups (allow_disjunctions_and_custom_groups is false), and the query "
            + (p.groupTexts() != null ? "groups values of " : "keeps several values of ") + p.field().path()
            + " without grouping by it: GROUP BY its column, or keep one value");
      }
      if (p.groupTexts() != null && p.sentGroups().size() > MAX_CUSTOM_GROUPS) {
        throw ApiException.queryLimit("Protari takes at most " + MAX_CUSTOM_GROUPS + " custom groups per field,"
            + " and the query groups " + p.field().path() + " into " + p.sentGroups().size()
            + (p.other() >= 0 ? " besides other" : ""));
      }
      if (p.groupTexts() != null && p.sentGroups().stream().anyMatch(t -> t.length() > MAX_CUSTOM_GROUP_LENGTH)) {
        throw ApiException.queryLimit("Protari takes custom groups of at most " + MAX_CUSTOM_GROUP_LENGTH
            + " characters, and a group of " + p.field().path() + " is longer");
      }
    }
    final long rows = rows();
    if (rows > dataset.maxOutput) {
      throw new ApiException(ApiErrorKind.LIMIT_EXCEEDED, "Dataset " + dataset.name + " answers at most "
          + dataset.maxOutput + " values per query (maximum_output_values_length), and this query asks for " + rows
          + (totals ? " with its totals" : "") + ". Filter or group by fewer values.", null, dataset.maxOutput);
    }
    return this;
  }


  /** The rows the answer has: each combination of groups, with totals each field's subtotals too. */
  long rows() {
    long rows = 1;
    for (Part p : parts) {
      if (p.grouped()) {
        final long groups = p.groups().size() + (p.groupTexts() != null && p.other() < 0 ? 1 : 0);
        rows = Math.multiplyExact(rows, groups + (totals && !p.field().longitudinal() ? 1 : 0));
      }
    }
    return rows;
  }

  /** The query's parameters in the order the guide writes them. */
  Map<String, String> parameters() {
    final Map<String, String> params = new LinkedHashMap<>();
    final List<String> groupBy = parts.stream().filter(Part::grouped).map(p -> p.groupTexts() == null
        ? p.field().path() : p.field().path() + ":" + String.join(":", p.sentGroups())).toList();
    if (!groupBy.isEmpty()) {
      params.put("group_by", String.join(",", groupBy));
    }
    params.put("function", measure.id());
    final String where = parts.stream().filter(p -> p.condition() != null)
        .map(p -> p.field().path() + "=" + p.condition().text()).collect(Collectors.joining(","));
    if (!where.isEmpty()) {
      params.put("where", where);
    }
    if (totals) {
      params.put("totals", "true");
    }
    return params;
  }

  HttpUrl url(HttpUrl base) {
    final HttpUrl.Builder b = base.newBuilder().addPathSegment("datasets").addPathSegment(dataset.name)
        .addPathSegment("aggregation");
    parameters().forEach(b::addQueryParameter);
    return b.build();
  }

  /** The query string unencoded, as the guide writes it. */
  @Override public String toString() {
    return parameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
  }
}
