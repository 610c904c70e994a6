package io.statxplore.cubes;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.record.Agg;
import io.statxplore.core.record.Output;
import io.statxplore.core.record.PagedCursor;
import io.statxplore.core.record.Pred;
import io.statxplore.core.record.RecordAdapter;
import io.statxplore.core.record.RecordColumn;
import io.statxplore.core.record.RecordCursor;
import io.statxplore.core.record.RecordQuery;
import io.statxplore.core.record.RecordTableMeta;
import io.statxplore.core.record.RecordValues;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.ColumnNames;
import io.statxplore.core.spi.TableEntry;
import io.statxplore.cubes.CubeModel.Attr;
import io.statxplore.cubes.CubeModel.Dim;
import io.statxplore.cubes.Dialect.Answer;
import io.statxplore.cubes.Dialect.Cut;
import io.statxplore.cubes.Dialect.Request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Suppliers;

import okhttp3.HttpUrl;

import org.apache.calcite.schema.Function;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * OpenSpending v2, OpenSpending's babbage and the DataBrewery Cubes server as record tables:
 * datasets (cubes) as tables, every dimension attribute and measure as a column, and a query's
 * cut, drilldown, predefined aggregates, order and page pushed into one aggregate request (read
 * page after page when the answer is larger than the server's page cap), or into a facts
 * request without aggregation. The flavor's {@link Dialect} writes the requests.
 */
final class CubesAdapter extends RecordAdapter {
  /** Rows per page asked for when a query sets no limit: the largest page v2 and babbage allow. */
  static final int PAGE = 10_000;

  /** The column of the entries a row stands for: 1 in an entry, {@code SUM} of it the count of entries. */
  static final String NUM_ENTRIES = "num_entries";

  /** What a column reads. */
  enum Kind { ATTRIBUTE, MEASURE, ID, COUNT, MEMBER }

  /** Between a table's name and a dimension's in the name of the table of the dimension's members. */
  static final String MEMBERS = "__members_";

  /** A table of a dimension's members: {@code <table>__members_<dimension>}. */
  record Members(String dataset, Dim dim) { }

  /** A column's source: an attribute, a measure of the table's model, the entry id, or the count of entries. */
  record Field(Kind kind, @Nullable Attr attr, String ref, CubeModel model) { }

  private final CubesClient client;
  private final SqlParserImplFactory parserFactory;
  private final Supplier<Dialect> dialect;
  private final Map<RecordColumn, Field> fields = new ConcurrentHashMap<>();
  private final Map<String, CubeModel> models = new ConcurrentHashMap<>();
  private final Map<String, Members> members = new ConcurrentHashMap<>();
  private final Supplier<List<TableEntry>> tables = Suppliers.memoize(this::list);

  CubesAdapter(AdapterContext context) {
    this.client = new CubesClient(context);
    this.parserFactory = context.parserFactory();
    final String flavor = context.settings().get(CubesAdapterFactory.FLAVOR.name());
    this.dialect = Suppliers.memoize(() -> flavor == null ? detect() : dialect(flavor));
  }

  private Dialect dialect(String flavor) {
    return switch (flavor.toLowerCase(Locale.ROOT)) {
      case "openspending-v2" -> new V2Dialect(client);
      case "babbage" -> new BabbageDialect(client);
      case "cubes" -> new SlicerDialect(client);
      default -> throw new ApiException(ApiErrorKind.BAD_REQUEST, "flavor must be openspending-v2, babbage or"
          + " cubes, not '" + flavor + "'");
    };
  }

  /** The flavor the server speaks: babbage's {@code /api/3/cubes}, else Cubes' {@code /info}, else v2. */
  private Dialect detect() {
    final CallScope scope = CallScope.current();
    if (answers(() -> BabbageDialect.detect(client, scope))) {
      return new BabbageDialect(client);
    }
    if (answers(() -> SlicerDialect.detect(client, scope))) {
      return new SlicerDialect(client);
    }
    if (answers(() -> V2Dialect.detect(client, scope))) {
      return new V2Dialect(client);
    }
    throw new ApiException(ApiErrorKind.NOT_FOUND, "The server at " + client.url() + " answers none of"
        + " /api/3/cubes (babbage), /info (Cubes) or /datasets.json (OpenSpending v2); set flavor");
  }

  private static boolean answers(Supplier<Boolean> probe) {
    try {
      return probe.get();
    } catch (ApiException e) {
      if (e.kind() == ApiErrorKind.AUTHENTICATION || e.kind() == ApiErrorKind.CANCELLED) {
        throw e;
      }
      return false;
    }
  }

  Dialect dialect() {
    return dialect.get();
  }

  CubesClient client() {
    return client;
  }

  /** Listed once per connection, as the engine lists them: a members table's look-up sends no second listing. */
  @Override public List<TableEntry> tables() {
    return tables.get();
  }

  private List<TableEntry> list() {
    final ColumnNames names = new ColumnNames(parserFactory);
    final List<TableEntry> tables = new ArrayList<>();
    for (Dialect.Listed d : dialect().datasets()) {
      final StringBuilder remarks = new StringBuilder(d.label());
      if (!d.description().isEmpty()) {
        remarks.append(": ").append(d.description());
      }
      remarks.append(" (dataset ").append(d.id());
      if (d.currency() != null) {
        remarks.append(", currency ").append(d.currency());
      }
      if (!d.territories().isEmpty()) {
        remarks.append(", territories ").append(String.join(" ", d.territories()));
      }
      tables.add(new TableEntry(d.id(), names.unique(d.id()).get(0), remarks.append(')').toString()));
    }
    return tables;
  }

  /**
   * {@code <table>__members_<dimension>}, a table per dimension of a listed table, found by name
   * so that listing the tables reads no model.
   */
  @Override public @Nullable TableEntry unlisted(String name) {
    final int at = name.toLowerCase(Locale.ROOT).lastIndexOf(MEMBERS);
    if (at <= 0) {
      return null;
    }
    final String tableName = name.substring(0, at);
    final String dimension = name.substring(at + MEMBERS.length());
    final TableEntry table = tables().stream().filter(t -> t.name().equalsIgnoreCase(tableName)).findFirst()
        .orElse(null);
    if (table == null) {
      return null;
    }
    final Dim dim = model(table.id()).dimensions().stream().filter(d -> d.name().equalsIgnoreCase(dimension))
        .findFirst().orElse(null);
    if (dim == null) {
      return null;
    }
    final String id = table.id() + "/members/" + dim.name();
    members.put(id, new Members(table.id(), dim));
    return new TableEntry(id, table.name() + MEMBERS + dim.name(), "Members of " + dim.label() + " in " + table.name()
        + (dim.description().isEmpty() ? "" : ": " + dim.description()) + " (dataset " + table.id() + ", dimension "
        + dim.name() + ")");
  }

  CubeModel model(String dataset) {
    return models.computeIfAbsent(dataset, id -> dialect().model(id));
  }

  @Override public RecordTableMeta columns(TableEntry table) {
    final ColumnNames names = new ColumnNames(parserFactory);
    final List<RecordColumn> columns = new ArrayList<>();
    final Members of = members.get(table.id());
    if (of != null) {
      final CubeModel model = model(of.dataset());
      for (Attr a : of.dim().attributes()) {
        add(columns, names.unique(a.name()).get(0), SqlTypeName.VARCHAR, a.label() + " (" + a.ref()
            + (a.key() ? ", key" : "") + ")", new Field(Kind.MEMBER, a, a.ref(), model));
      }
      return new RecordTableMeta(table, columns);
    }
    final CubeModel model = model(table.id());
    final String idRef = dialect().idRef();
    if (idRef != null) {
      add(columns, names.unique("id").get(0), SqlTypeName.VARCHAR, "Entry id", new Field(Kind.ID, null, idRef, model));
    }
    for (Dim dim : model.dimensions()) {
      for (Attr a : dim.attributes()) {
        add(columns, names.unique(dim.name() + "_" + a.name()).get(0), type(a.datatype()),
            dim.label() + ", " + a.label() + (dim.description().isEmpty() ? "" : ": " + dim.description())
                + " (" + a.ref() + (a.key() ? ", key" : "") + ")",
            new Field(Kind.ATTRIBUTE, a, a.ref(), model));
      }
    }
    model.measures().forEach((m, label) -> add(columns, names.unique(m).get(0), SqlTypeName.DOUBLE,
        (label.isEmpty() ? m : label) + " (measure " + m + (model.currency() == null ? "" : ", " + model.currency())
            + ")", new Field(Kind.MEASURE, null, m, model)));
    final String count = model.aggregate("count", null);
    if (count != null) {
      // The flavor reports the entries behind each cell (num_entries, _count, record_count).
      add(columns, names.unique(NUM_ENTRIES).get(0), SqlTypeName.BIGINT, "Entries (aggregate " + count
          + "; 1 in an entry, SUM gives the count)", new Field(Kind.COUNT, null, count, model));
    }
    return new RecordTableMeta(table, columns);
  }

  private void add(List<RecordColumn> columns, String name, SqlTypeName type, String remarks, Field field) {
    final RecordColumn c = new RecordColumn(name, field.ref(), type, remarks);
    fields.put(c, field);
    columns.add(c);
  }

  private static SqlTypeName type(String datatype) {
    return switch (datatype) {
      case "integer" -> SqlTypeName.BIGINT;
      case "float", "decimal" -> SqlTypeName.DOUBLE;
      case "date" -> SqlTypeName.DATE;
      case "boolean", "bool" -> SqlTypeName.BOOLEAN;
      default -> SqlTypeName.VARCHAR;
    };
  }

  /** The source of a column of {@link #columns(TableEntry)}. */
  Field field(RecordColumn column) {
    return java.util.Objects.requireNonNull(fields.get(column), column::name);
  }

  @Override public FilterSupport filter(Pred pred) {
    if (pred instanceof Pred.Compare c) {
      final Field f = field(c.column());
      if (f.kind() == Kind.ID) {
        // Read from the entry resource, then checked again by the engine.
        return c.op() == Pred.Op.EQ && c.value() instanceof String && dialect().idRef() != null
            ? FilterSupport.LOOSE : FilterSupport.NONE;
      }
      return f.kind() == Kind.ATTRIBUTE && dialect().canCut(f.attr(), c.op(), c.value())
          ? FilterSupport.EXACT : FilterSupport.NONE;
    }
    if (pred instanceof Pred.And and) {
      // A range (BETWEEN) comes as one conjunct of two bounds.
      return and.operands().stream().allMatch(p -> filter(p) == FilterSupport.EXACT)
          ? FilterSupport.EXACT : FilterSupport.NONE;
    }
    if (pred instanceof Pred.Or or) {
      // IN: a set of points on one attribute.
      final RecordColumn column = or.operands().get(0) instanceof Pred.Compare c ? c.column() : null;
      for (Pred p : or.operands()) {
        if (!(p instanceof Pred.Compare c) || c.op() != Pred.Op.EQ || !c.column().equals(column)
            || filter(p) != FilterSupport.EXACT) {
          return FilterSupport.NONE;
        }
      }
      return FilterSupport.EXACT;
    }
    return FilterSupport.NONE;
  }

  @Override public boolean canGroupBy(RecordColumn column) {
    final Field f = field(column);
    return f.kind() == Kind.ATTRIBUTE && dialect().canDrill(f.attr());
  }

  /** The grouping's attributes, with those the filter pins to one value, as one drilldown. */
  @Override public boolean canGroupBy(RecordQuery query, List<RecordColumn> keys) {
    final List<Attr> attrs = new ArrayList<>(keys.stream().map(k -> field(k).attr()).toList());
    for (Pred p : query.conjuncts()) {
      if (p instanceof Pred.Compare c && c.op() == Pred.Op.EQ && field(c.column()).kind() == Kind.ATTRIBUTE) {
        attrs.add(field(c.column()).attr());
      }
    }
    return dialect().canDrillAll(attrs);
  }

  @Override public boolean canAggregate(Agg.Function function, @Nullable RecordColumn column) {
    if (column == null) {
      return function == Agg.Function.COUNT;
    }
    final Kind kind = field(column).kind();
    return kind == Kind.MEASURE ? function != Agg.Function.COUNT : kind == Kind.COUNT && function == Agg.Function.SUM;
  }

  /** An aggregate the table's model predefines. */
  @Override public boolean canAggregate(TableEntry table, Agg.Function function, @Nullable RecordColumn column) {
    return !members.containsKey(table.id()) && canAggregate(function, column) && aggregateName(model(table.id()), function, column) != null;
  }

  private @Nullable String aggregateName(CubeModel model, Agg.Function function, @Nullable RecordColumn column) {
    return column == null || field(column).kind() == Kind.COUNT ? model.aggregate("count", null)
        : model.aggregate(function.name().toLowerCase(Locale.ROOT), field(column).ref());
  }

  /** Aggregates always; attributes and measures where the flavor orders entries (v2 does not). */
  @Override public boolean canSort(Output output) {
    if (output instanceof Agg) {
      return true;
    }
    final Kind kind = field((RecordColumn) output).kind();
    return dialect().canSortFacts() && (kind == Kind.ATTRIBUTE || kind == Kind.MEASURE);
  }

  @Override public RecordCursor execute(RecordQuery query, CallScope scope) {
    final Members m = members.get(query.table().id());
    if (m == null) {
      return new CubesReader(this, query, scope).open();
    }
    final List<Integer> at = query.outputs().stream().map(o -> m.dim().attributes().indexOf(field((RecordColumn) o)
        .attr())).toList();
    final RecordCursor all = members(m.dataset(), m.dim(), query.offset(), query.fetch(), scope);
    return new RecordCursor() {
      @Override public Object @Nullable [] next() {
        final Object[] row = all.next();
        return row == null ? null : at.stream().map(i -> row[i]).toArray();
      }

      @Override public void close() {
        all.close();
      }
    };
  }

  /** The members of {@code dim}, page after page: their attributes' values as text, in model order. */
  PagedCursor members(String dataset, Dim dim, long offset, @Nullable Long fetch, CallScope scope) {
    final Dialect dialect = dialect();
    return new PagedCursor((start, size) -> {
      final JsonNode body = client.get(dialect.members(dataset, dim, start, size), scope);
      dialect.checkPage(body, start, size);
      final Answer answer = dialect.readMembers(body, dim);
      final List<Object[]> rows = new ArrayList<>();
      for (ObjectNode member : answer.rows()) {
        rows.add(dim.attributes().stream().map(a -> CubesFunctions.text(member.get(a.ref()))).toArray());
      }
      return new PagedCursor.Page(rows, answer.total());
    }, offset, fetch, PAGE, dialect.recordLimit(), dialect::broken);
  }

  @Override public String explain(RecordQuery query) {
    final Members m = members.get(query.table().id());
    if (m != null) {
      final PagedCursor pages = members(m.dataset(), m.dim(), query.offset(), query.fetch(), CallScope.NONE);
      final HttpUrl first = dialect().members(m.dataset(), m.dim(),
          query.offset() / pages.pageSize() * pages.pageSize(), pages.pageSize());
      return "GET " + first.encodedPath() + "?" + first.query();
    }
    final HttpUrl first = new CubesReader(this, query, CallScope.NONE).firstRequest();
    // Decoded, so that the cut reads as the API documents it.
    return first == null ? "no request: the filter keeps no rows"
        : "GET " + first.encodedPath() + (first.query() == null ? "" : "?" + first.query());
  }

  /** The cut a query's pushed conjuncts make, per attribute, or null if no row can pass it. */
  @Nullable List<Cut> cuts(RecordQuery query) {
    final Map<Attr, Cut> cuts = new LinkedHashMap<>();
    for (Pred p : query.conjuncts()) {
      final List<Pred> points = p instanceof Pred.Or or ? or.operands() : List.of(p);
      final Pred.Compare first = (Pred.Compare) points.get(0);
      final Field f = field(first.column());
      if (f.kind() != Kind.ATTRIBUTE) {
        continue;
      }
      final Cut cut;
      if (first.op() == Pred.Op.EQ) {
        final List<Object> values = new ArrayList<>();
        points.forEach(x -> values.add(((Pred.Compare) x).value()));
        cut = new Cut(f.attr(), values.stream().distinct().toList(), null, null);
      } else {
        final long v = (Long) first.value();
        cut = switch (first.op()) {
          case GT -> new Cut(f.attr(), null, v + 1, null);
          case GE -> new Cut(f.attr(), null, v, null);
          case LT -> new Cut(f.attr(), null, null, v - 1);
          default -> new Cut(f.attr(), null, null, v);
        };
      }
      final Cut merged = cuts.containsKey(f.attr()) ? intersect(cuts.get(f.attr()), cut) : cut;
      if (merged == null) {
        return null;
      }
      cuts.put(f.attr(), merged);
    }
    // In model order, whatever order the planner gives the conjuncts.
    final List<Attr> order = model(query.table().id()).dimensions().stream().flatMap(d -> d.attributes().stream())
        .toList();
    return cuts.values().stream().sorted(java.util.Comparator.comparingInt(c -> order.indexOf(c.attr()))).toList();
  }

  /** Two cuts on one attribute as one (the API would OR them); null if they exclude each other. */
  private static @Nullable Cut intersect(Cut a, Cut b) {
    if (a.values() != null || b.values() != null) {
      final List<Object> values = (a.values() != null ? a.values() : b.values()).stream()
          .filter(v -> allows(a, v) && allows(b, v)).toList();
      return values.isEmpty() ? null : new Cut(a.attr(), values, null, null);
    }
    final Long lo = max((Long) a.lo(), (Long) b.lo());
    final Long hi = a.hi() == null ? (Long) b.hi() : b.hi() == null ? (Long) a.hi() : (Long) Math.min((Long) a.hi(),
        (Long) b.hi());
    return lo != null && hi != null && lo > hi ? null : new Cut(a.attr(), null, lo, hi);
  }

  private static @Nullable Long max(@Nullable Long a, @Nullable Long b) {
    return a == null ? b : b == null ? a : (Long) Math.max(a, b);
  }

  /** Whether the cut allows {@code value} (as the answer reports it). */
  static boolean allows(Cut cut, @Nullable Object value) {
    if (value == null) {
      return false;
    }
    if (cut.values() != null) {
      return cut.values().stream().anyMatch(v -> same(v, value));
    }
    if (!(value instanceof Number n)) {
      return false;
    }
    return (cut.lo() == null || n.longValue() >= (Long) cut.lo()) && (cut.hi() == null || n.longValue() <= (Long) cut.hi());
  }

  private static boolean same(Object wanted, Object got) {
    return wanted instanceof Long l ? got instanceof Number n ? n.doubleValue() == l : got.toString().equals(l.toString())
        : wanted.toString().equals(got.toString());
  }

  /** The request of a query (without its page), and how its answer's rows are read. */
  Request request(RecordQuery query, List<Cut> cuts) {
    final CubeModel model = model(query.table().id());
    final List<Attr> drilldown = new ArrayList<>();
    final List<String> aggregates = new ArrayList<>();
    final List<String> measures = new ArrayList<>();
    if (query.isAggregated()) {
      query.groupKeys().forEach(k -> drilldown.add(field(k).attr()));
      for (Agg a : query.aggregates()) {
        final String name = aggregateName(model, a.function(), a.column());
        if (!aggregates.contains(name)) {
          aggregates.add(name);
        }
        if (a.column() != null && field(a.column()).kind() == Kind.MEASURE && a.function() == Agg.Function.SUM
            && !measures.contains(a.column().id())) {
          measures.add(a.column().id());
        }
      }
      final String count = model.aggregate("count", null);
      if (query.groupKeys().isEmpty() && count != null && !aggregates.contains(count)) {
        // Without a count a total over no entries (0) could not be told from one over entries.
        aggregates.add(count);
      }
    } else {
      for (RecordColumn c : query.selected()) {
        final Field f = field(c);
        if (f.kind() == Kind.ATTRIBUTE) {
          drilldown.add(f.attr());
        } else if (f.kind() != Kind.COUNT) {
          measures.add(f.ref());
        }
      }
    }
    final List<Dialect.Order> order = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    for (RecordQuery.SortKey k : query.order()) {
      final Output o = query.outputs().get(k.output());
      final String ref = o instanceof Agg a ? aggregateName(model, a.function(), a.column()) : ((RecordColumn) o).id();
      if (seen.add(ref)) {
        order.add(new Dialect.Order(ref, k.descending()));
      }
    }
    return new Request(query.table().id(), cuts, drilldown, aggregates, order, measures);
  }

  /** The raw value of {@code output} in an answer row (flattened), or null. */
  @Nullable Object value(ObjectNode row, Output output, CubeModel model) {
    if (output instanceof RecordColumn c && field(c).kind() == Kind.COUNT) {
      return 1L;
    }
    final String key = output instanceof Agg a ? aggregateName(model, a.function(), a.column())
        : ((RecordColumn) output).id();
    return RecordValues.raw(row.get(key));
  }

  /** A page of an answer as cursor rows, after checking each row against the request. */
  PagedCursor.Page page(Answer answer, RecordQuery query, List<Cut> cuts, CubeModel model) {
    final List<Object[]> rows = new ArrayList<>();
    final List<Output> outputs = query.outputs();
    for (ObjectNode row : answer.rows()) {
      for (Cut c : cuts) {
        final JsonNode v = row.get(c.attr().ref());
        if (v != null && !allows(c, RecordValues.raw(v))) {
          throw dialect().broken("it has " + c.attr().ref() + " = " + v + ", which the cut excludes");
        }
      }
      if (query.isAggregated()) {
        for (RecordColumn k : query.groupKeys()) {
          if (!row.has(k.id())) {
            throw dialect().broken("a cell lacks " + k.id() + ", which the drilldown asked for");
          }
        }
      }
      final Object[] values = new Object[outputs.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = value(row, outputs.get(i), model);
      }
      rows.add(values);
    }
    return new PagedCursor.Page(rows, answer.total());
  }

  @Override public List<String> privileges(TableEntry table) {
    return dialect().privileges(table.id());
  }

  @Override public Map<String, Function> functions() {
    return CubesFunctions.of(this);
  }

  @Override public void close() {
    client.close();
  }
}
