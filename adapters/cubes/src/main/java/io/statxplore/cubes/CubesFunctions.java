package io.statxplore.cubes;

import io.statxplore.core.engine.Execution;
import io.statxplore.core.engine.FunctionTable;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.record.PagedCursor;
import io.statxplore.core.record.RecordValues;
import io.statxplore.cubes.CubeModel.Dim;

import com.fasterxml.jackson.databind.JsonNode;

import okhttp3.HttpUrl;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API surface beside the aggregate as table functions of the schema:
 * {@code members(dataset, dimension)} (a dimension's members), {@code search(q, dataset, filter)}
 * (v2's full-text search), {@code search_facets(q, dataset, field)} (its facet counts of one field),
 * {@code mytax(income, spending, smoker, drinker, driver)} (v2's tax
 * estimate) and {@code permissions(dataset)} (v2's permission API); beside them the scalar
 * {@link LoadFunction load(csv_file, metadata, private)}. Each sends its request when the statement runs.
 */
final class CubesFunctions {
  private static final List<String> TAX = List.of("tax", "total_direct_tax", "total_indirect_tax", "vat",
      "alcohol_tax", "tobacco_tax", "car_related_tax");
  private static final List<String> CRUD = List.copyOf(V2Dialect.CRUD.keySet());

  private CubesFunctions() {
  }

  static Map<String, Function> of(CubesAdapter adapter) {
    return Map.of(
        "members", new Macro(List.of(required(0, "dataset", String.class), required(1, "dimension", String.class)),
            args -> members(adapter, (String) args.get(0), (String) args.get(1))),
        "search", new Macro(List.of(required(0, "q", String.class), optional(1, "dataset", String.class),
            optional(2, "filter", String.class)), args -> search(adapter, args)),
        "search_facets", new Macro(List.of(required(0, "q", String.class), optional(1, "dataset", String.class),
            required(2, "field", String.class)), args -> searchFacets(adapter, args)),
        "mytax", new Macro(List.of(required(0, "income", Double.class), optional(1, "spending", Double.class),
            optional(2, "smoker", Boolean.class), optional(3, "drinker", Boolean.class), optional(4, "driver", Boolean.class)),
            args -> mytax(adapter, args)),
        "permissions", new Macro(List.of(required(0, "dataset", String.class)),
            args -> v2Call(adapter, "permissions", columns(CRUD, SqlTypeName.BOOLEAN), scope -> {
              final JsonNode p = ((V2Dialect) adapter.dialect()).permissions((String) args.get(0), scope);
              return List.<Object[]>of(CRUD.stream().map(c -> p.path(c).asBoolean(false)).toArray());
            })),
        "load", new LoadFunction(adapter, List.of(required(0, "csv_file", String.class),
            required(1, "metadata", String.class), optional(2, "private", Boolean.class))));
  }

  /** A column of a function's answer. */
  record Column(String name, SqlTypeName type) { }

  private static List<Column> columns(List<String> names, SqlTypeName type) {
    return names.stream().map(n -> new Column(n, type)).toList();
  }

  /** Sends one request per execution and answers its rows. */
  private interface Call {
    List<Object[]> rows(CallScope scope);
  }

  private static TranslatableTable members(CubesAdapter adapter, String dataset, String dimension) {
    final CubeModel model = adapter.model(dataset);
    final Dim dim = model.dimensions().stream().filter(d -> d.name().equals(dimension)).findFirst()
        .orElseThrow(() -> new ApiException(ApiErrorKind.NOT_FOUND, "Dataset " + dataset + " has no dimension '"
            + dimension + "'; it has " + model.dimensions().stream().map(Dim::name).toList()));
    final List<Column> columns = dim.attributes().stream().map(a -> new Column(a.name(), SqlTypeName.VARCHAR)).toList();
    return new Table(List.of("members", dataset, dimension), "members of " + dataset + "." + dimension, columns,
        scope -> {
          final PagedCursor cursor = adapter.members(dataset, dim, 0, null, scope);
          final List<Object[]> rows = new ArrayList<>();
          for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
            rows.add(row);
          }
          return rows;
        });
  }

  static @Nullable Object text(@Nullable JsonNode node) {
    final Object raw = RecordValues.raw(node);
    return raw == null ? null : raw.toString();
  }

  private static TranslatableTable search(CubesAdapter adapter, List<@Nullable Object> args) {
    final List<Column> columns = List.of(new Column("id", SqlTypeName.VARCHAR),
        new Column("dataset", SqlTypeName.VARCHAR), new Column("amount", SqlTypeName.DOUBLE),
        new Column("entry", SqlTypeName.VARCHAR));
    return v2Call(adapter, "search", columns, scope -> {
      final HttpUrl.Builder url = searchUrl(adapter, args);
      if (args.get(2) != null) {
        url.addQueryParameter("filter", (String) args.get(2));
      }
      final List<Object[]> rows = new ArrayList<>();
      for (JsonNode e : adapter.client().get(url.build(), scope).path("results")) {
        rows.add(new Object[] {text(e.get("id")), text(e.path("dataset").get("name")), RecordValues.raw(e.get("amount")),
            e.toString()});
      }
      return rows;
    });
  }

  /** {@code /api/2/search} for the {@code q} and {@code dataset} arguments. */
  private static HttpUrl.Builder searchUrl(CubesAdapter adapter, List<@Nullable Object> args) {
    final HttpUrl.Builder url = adapter.client().url("api", "2", "search").newBuilder()
        .addQueryParameter("q", (String) args.get(0));
    if (args.get(1) != null) {
      url.addQueryParameter("dataset", (String) args.get(1));
    }
    return url;
  }

  /** One field's facet counts of a search: (value, count) rows from the answer's {@code facets}. */
  private static TranslatableTable searchFacets(CubesAdapter adapter, List<@Nullable Object> args) {
    final String field = (String) args.get(2);
    final List<Column> columns = List.of(new Column("value", SqlTypeName.VARCHAR),
        new Column("count", SqlTypeName.BIGINT));
    return v2Call(adapter, "search_facets", columns, scope -> {
      final HttpUrl.Builder url = searchUrl(adapter, args);
      url.addQueryParameter("facet_field", field);
      final JsonNode facets = adapter.client().get(url.build(), scope).path("facets");
      final List<Object[]> rows = new ArrayList<>();
      // A search without hits has no counts for the field: no rows. Any other field is not ours.
      for (JsonNode pair : facets.path(field)) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(1).canConvertToLong()) {
          throw new ApiException(ApiErrorKind.BAD_RESPONSE, "The search answered a facet of " + field
              + " that is not a [value, count] pair");
        }
        rows.add(new Object[] {text(pair.get(0)), pair.get(1).asLong()});
      }
      return rows;
    });
  }

  private static TranslatableTable mytax(CubesAdapter adapter, List<@Nullable Object> args) {
    final List<Column> columns = new ArrayList<>(columns(TAX, SqlTypeName.DOUBLE));
    columns.add(new Column("explanation", SqlTypeName.VARCHAR));
    return v2Call(adapter, "mytax", columns, scope -> {
      final HttpUrl.Builder url = adapter.client().url("api", "mytax").newBuilder()
          .addQueryParameter("income", Dialect.text(args.get(0)));
      if (args.get(1) != null) {
        url.addQueryParameter("spending", Dialect.text(args.get(1)));
      }
      final List<String> flags = List.of("smoker", "drinker", "driver");
      for (int i = 0; i < flags.size(); i++) {
        if (args.get(2 + i) != null) {
          url.addQueryParameter(flags.get(i), (Boolean) args.get(2 + i) ? "yes" : "no");
        }
      }
      final JsonNode tax = adapter.client().get(url.build(), scope);
      final Object[] row = new Object[columns.size()];
      for (int i = 0; i < TAX.size(); i++) {
        row[i] = RecordValues.raw(tax.get(TAX.get(i)));
      }
      final List<String> lines = new ArrayList<>();
      tax.path("explanation").forEach(l -> lines.add(l.asText()));
      row[TAX.size()] = String.join(" ", lines);
      return List.<Object[]>of(row);
    });
  }

  /** A call of a v2-only resource; another flavor is refused when planned. */
  private static TranslatableTable v2Call(CubesAdapter adapter, String name, List<Column> columns, Call call) {
    requireV2(adapter, name);
    return new Table(List.of(name, new Object()), name + "(…)", columns, call);
  }

  static void requireV2(CubesAdapter adapter, String name) {
    if (!(adapter.dialect() instanceof V2Dialect)) {
      throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, name + "(…) is an OpenSpending v2 resource; this"
          + " server speaks " + adapter.dialect().flavor());
    }
  }

  /** A table function over declared parameters; Calcite hands it their literal values. */
  private record Macro(List<FunctionParameter> parameters,
      java.util.function.Function<List<@Nullable Object>, TranslatableTable> body) implements TableMacro {
    @Override public List<FunctionParameter> getParameters() {
      return parameters;
    }

    @Override public TranslatableTable apply(List<? extends @Nullable Object> arguments) {
      final List<@Nullable Object> args = new ArrayList<>(arguments);
      for (int i = 0; i < parameters.size(); i++) {
        final Object a = i < args.size() ? args.get(i) : null;
        if (a == null && !parameters.get(i).isOptional()) {
          throw new ApiException(ApiErrorKind.BAD_REQUEST, "Argument " + parameters.get(i).getName()
              + " must be a literal");
        }
      }
      return body.apply(args);
    }
  }

  private static FunctionParameter required(int ordinal, String name, Class<?> type) {
    return parameter(ordinal, name, type, false);
  }

  private static FunctionParameter optional(int ordinal, String name, Class<?> type) {
    return parameter(ordinal, name, type, true);
  }

  private static FunctionParameter parameter(int ordinal, String name, Class<?> type, boolean optional) {
    return new FunctionParameter() {
      @Override public int getOrdinal() {
        return ordinal;
      }

      @Override public String getName() {
        return name;
      }

      /** A Java type: Calcite hands a macro only the literals of parameters of Java types. */
      @Override public RelDataType getType(RelDataTypeFactory typeFactory) {
        return typeFactory.createTypeWithNullability(typeFactory.createJavaType(type), true);
      }

      @Override public boolean isOptional() {
        return optional;
      }
    };
  }

  /** The rows of one call. */
  private static final class Table extends FunctionTable {
    private final Object key;
    private final String what;
    private final List<Column> columns;
    private final Call call;

    Table(Object key, String what, List<Column> columns, Call call) {
      this.key = key;
      this.what = what;
      this.columns = columns;
      this.call = call;
    }

    @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      final RelDataTypeFactory.Builder b = typeFactory.builder();
      columns.forEach(c -> b.add(c.name().toLowerCase(Locale.ROOT), c.type()).nullable(true));
      return b.build();
    }

    @Override protected Object key() {
      return key;
    }

    @Override protected String what() {
      return what;
    }

    @Override protected Execution.Rows open(CallScope scope) {
      final Iterator<Object[]> rows = call.rows(scope).iterator();
      return new Execution.Rows() {
        @Override public Object @Nullable [] next() {
          return rows.hasNext() ? rows.next() : null;
        }

        @Override public void close() {
        }
      };
    }
  }
}
