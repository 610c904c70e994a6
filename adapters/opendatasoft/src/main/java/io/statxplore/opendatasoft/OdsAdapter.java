package io.statxplore.opendatasoft;

import io.statxplore.core.http.ApiClient;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.record.Agg;
import io.statxplore.core.record.Output;
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

import com.fasterxml.jackson.databind.JsonNode;

import okhttp3.HttpUrl;

import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenDataSoft portal (Explore API v2.1): datasets as tables, fields as typed columns, and
 * filters, projections, grouping with aggregates, order and limits pushed into ODSQL. How the
 * rows are fetched (one {@code /records} call, pages of it, or a streamed export) is up to
 * {@link OdsReader}.
 */
final class OdsAdapter extends RecordAdapter {
  static final String[] API = {"api", "explore", "v2.1"};
  private static final int CATALOG_PAGE = 100;

  /** How a column's value is read from its field. */
  enum Kind { PLAIN, LAT, LON, JSON, MULTI }

  /** What a column reads: the ODS type of its field, how, and a multivalued field's separator. */
  record Field(String type, Kind kind, String separator) { }

  private final ApiClient client;
  private final SqlParserImplFactory parserFactory;
  private final OdsPush push;
  /** Each listed dataset's fields, from the catalog, so that describing one needs no request. */
  private final Map<String, JsonNode> listed = new ConcurrentHashMap<>();
  /** Each column's field; remarks name the field and its type, so equal columns read alike. */
  private final Map<RecordColumn, Field> fields = new ConcurrentHashMap<>();

  OdsAdapter(AdapterContext context) {
    this.client = new ApiClient(context.clientSettings("OpenDataSoft", OdsErrors::parse));
    this.parserFactory = context.parserFactory();
    this.push = new OdsPush(context);
  }

  ApiClient client() {
    return client;
  }

  HttpUrl url(String... segments) {
    final String[] all = new String[API.length + segments.length];
    System.arraycopy(API, 0, all, 0, API.length);
    System.arraycopy(segments, 0, all, API.length, segments.length);
    return client.url(all);
  }

  /** Every dataset of the catalog, read in pages of {@value #CATALOG_PAGE}. */
  @Override public List<TableEntry> tables() {
    final List<TableEntry> tables = new ArrayList<>();
    final ColumnNames names = new ColumnNames(parserFactory);
    for (int offset = 0; ; offset += CATALOG_PAGE) {
      final JsonNode page = client.getMetadataObject(url("catalog", "datasets").newBuilder()
          .addQueryParameter("limit", String.valueOf(CATALOG_PAGE))
          .addQueryParameter("offset", String.valueOf(offset)).build());
      final JsonNode results = page.path("results");
      for (JsonNode d : results) {
        final String id = d.path("dataset_id").asText();
        listed.put(id, d);
        tables.add(new TableEntry(id, names.unique(id).get(0), remarks(id, d.path("metas").path("default"))));
      }
      if (results.size() < CATALOG_PAGE || offset + CATALOG_PAGE >= page.path("total_count").asLong(0)) {
        return tables;
      }
    }
  }

  private static String remarks(String id, JsonNode metas) {
    final String title = metas.path("title").asText(id);
    final String description = text(metas.path("description").asText(""));
    return title + (description.isEmpty() ? "" : ": " + description) + " (dataset " + id + ")";
  }

  /** HTML descriptions as plain text, shortened for a metadata column. */
  private static String text(String html) {
    final String plain = html.replaceAll("<[^>]*>", " ").replace("&gt;", ">").replace("&lt;", "<")
        .replace("&amp;", "&").replaceAll("\\s+", " ").strip();
    return plain.length() > 300 ? plain.substring(0, 300) + "…" : plain;
  }

  @Override public RecordTableMeta columns(TableEntry table) {
    final JsonNode dataset =
        listed.computeIfAbsent(table.id(), id -> client.getMetadataObject(url("catalog", "datasets", id)));
    final ColumnNames names = new ColumnNames(parserFactory);
    final List<RecordColumn> columns = new ArrayList<>();
    for (JsonNode f : dataset.path("fields")) {
      final String name = f.path("name").asText();
      final String type = f.path("type").asText("text");
      final JsonNode multivalued = f.path("annotations").path("multivalued");
      final String about = f.path("label").asText(name)
          + (f.path("description").isTextual() ? ": " + text(f.path("description").asText()) : "");
      if (type.equals("geo_point_2d")) {
        final List<String> pair = names.unique(name, "_lat", "_lon");
        add(columns, pair.get(1), name, SqlTypeName.DOUBLE, about, new Field(type, Kind.LAT, ""), "latitude");
        add(columns, pair.get(2), name, SqlTypeName.DOUBLE, about, new Field(type, Kind.LON, ""), "longitude");
        continue;
      }
      final Field field = multivalued.isArray()
          ? new Field(type, Kind.MULTI, multivalued.path(0).asText(","))
          : new Field(type, switch (type) {
            case "geo_shape", "json_blob", "file" -> Kind.JSON;
            default -> Kind.PLAIN;
          }, "");
      add(columns, names.unique(name).get(0), name, sqlType(type, field.kind()), about, field,
          field.kind() == Kind.MULTI ? "multivalued, joined with '" + field.separator() + "'" : "");
    }
    return new RecordTableMeta(table, columns);
  }

  private void add(List<RecordColumn> columns, String name, String id, SqlTypeName type, String about,
      Field field, String note) {
    final RecordColumn c = new RecordColumn(name, id, type,
        about + " (field " + id + ", " + field.type() + (note.isEmpty() ? "" : ", " + note) + ")");
    fields.put(c, field);
    columns.add(c);
  }

  private static SqlTypeName sqlType(String type, Kind kind) {
    if (kind != Kind.PLAIN) {
      return SqlTypeName.VARCHAR;
    }
    return switch (type) {
      case "int" -> SqlTypeName.BIGINT;
      case "double" -> SqlTypeName.DOUBLE;
      case "boolean" -> SqlTypeName.BOOLEAN;
      case "date" -> SqlTypeName.DATE;
      case "datetime" -> SqlTypeName.TIMESTAMP;
      default -> SqlTypeName.VARCHAR;
    };
  }

  Field field(RecordColumn column) {
    final Field f = fields.get(column);
    if (f == null) {
      throw new IllegalStateException("column " + column.name() + " was not described by this adapter");
    }
    return f;
  }

  /** Whether ODSQL compares {@code column} as SQL does: numbers and dates in order, text and booleans by equality. */
  private boolean comparable(RecordColumn column, Pred.Op op) {
    final Field f = field(column);
    if (f.kind() != Kind.PLAIN) {
      return false;
    }
    return switch (f.type()) {
      case "int", "double", "date" -> true;
      case "text", "boolean" -> op == Pred.Op.EQ || op == Pred.Op.NE;
      default -> false;
    };
  }

  @Override public FilterSupport filter(Pred pred) {
    if (pred instanceof Pred.Compare c) {
      return comparable(c.column(), c.op()) && valueFits(c) ? FilterSupport.EXACT : FilterSupport.NONE;
    }
    if (pred instanceof Pred.IsNull n) {
      return field(n.column()).kind() == Kind.MULTI ? FilterSupport.NONE : FilterSupport.EXACT;
    }
    if (pred instanceof Pred.StartsWith s) {
      // startswith() matches the start of any word, so it returns a superset of SQL's prefix.
      return field(s.column()).kind() == Kind.PLAIN && field(s.column()).type().equals("text")
          ? FilterSupport.LOOSE : FilterSupport.NONE;
    }
    if (pred instanceof Pred.Not n) {
      return filter(n.operand()) == FilterSupport.EXACT ? FilterSupport.EXACT : FilterSupport.NONE;
    }
    return combined(pred instanceof Pred.And a ? a.operands() : ((Pred.Or) pred).operands());
  }

  private static boolean valueFits(Pred.Compare c) {
    return switch (c.column().type()) {
      case VARCHAR -> c.value() instanceof String;
      case BIGINT, DOUBLE -> c.value() instanceof Number;
      case DATE -> c.value() instanceof java.time.LocalDate;
      case BOOLEAN -> c.value() instanceof Boolean;
      default -> false;
    };
  }

  private FilterSupport combined(List<Pred> operands) {
    FilterSupport result = FilterSupport.EXACT;
    for (Pred p : operands) {
      final FilterSupport s = filter(p);
      if (s == FilterSupport.NONE) {
        return FilterSupport.NONE;
      }
      if (s == FilterSupport.LOOSE) {
        result = FilterSupport.LOOSE;
      }
    }
    return result;
  }

  @Override public boolean canGroupBy(RecordColumn column) {
    final Field f = field(column);
    return f.kind() == Kind.PLAIN && !f.type().equals("datetime");
  }

  @Override public boolean canAggregate(Agg.Function function, @Nullable RecordColumn column) {
    if (column == null) {
      return function == Agg.Function.COUNT;
    }
    final Field f = field(column);
    if (f.kind() != Kind.PLAIN) {
      return false;
    }
    return switch (function) {
      case COUNT -> true;
      case SUM, AVG -> f.type().equals("int") || f.type().equals("double");
      case MIN, MAX -> f.type().equals("int") || f.type().equals("double") || f.type().equals("date");
    };
  }

  @Override public boolean canSort(Output output) {
    if (output instanceof Agg) {
      return true;
    }
    final Field f = field((RecordColumn) output);
    return f.kind() == Kind.PLAIN && !f.type().equals("datetime");
  }

  @Override public RecordCursor execute(RecordQuery query, CallScope scope) {
    return new OdsReader(this, query, scope);
  }

  @Override public String explain(RecordQuery query) {
    return "GET " + OdsReader.firstRequest(this, query);
  }

  @Override public long insert(RecordTableMeta table, List<Object[]> rows) {
    return push.push(this, table, rows);
  }

  /** Raw values of {@code outputs} from one result object. */
  Object[] row(JsonNode result, List<Output> outputs) {
    final Object[] row = new Object[outputs.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = outputs.get(i) instanceof RecordColumn c ? value(result.get(c.id()), field(c))
          : RecordValues.raw(result.get(((Agg) outputs.get(i)).alias()));
    }
    return row;
  }

  private static @Nullable Object value(@Nullable JsonNode node, Field field) {
    if (node == null || node.isNull()) {
      return null;
    }
    return switch (field.kind()) {
      case LAT -> RecordValues.raw(node.get("lat"));
      case LON -> RecordValues.raw(node.get("lon"));
      case JSON -> node.isTextual() ? node.asText() : node.toString();
      case MULTI -> {
        if (!node.isArray()) {
          yield node.asText();
        }
        final List<String> parts = new ArrayList<>();
        node.forEach(n -> parts.add(n.asText()));
        yield String.join(field.separator(), parts);
      }
      case PLAIN -> RecordValues.raw(node);
    };
  }

  @Override public void close() {
    try {
      client.close();
    } finally {
      push.close();
    }
  }
}
