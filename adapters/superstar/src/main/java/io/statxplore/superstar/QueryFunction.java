package io.statxplore.superstar;

import io.statxplore.core.engine.Execution;
import io.statxplore.core.engine.FunctionTable;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.ColumnNames;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The table function {@code query('<json or path>')}: runs a query exported from Stat-Xplore's
 * web interface ({@link JsonQuery}) as it is and returns what the command-line harvester
 * writes: one row per cell, every item of every field with Totals, a {@code VARCHAR} column per
 * field (the item's first label) then a {@code DOUBLE} column per measure. Column names are made
 * from the labels by the driver's naming rule.
 *
 * <p>The columns must be known when the statement is planned, before the request is sent, so
 * their labels are read from {@code /schema} (one small request per field and measure).
 */
final class QueryFunction implements TableMacro {
  private final SuperstarAdapter adapter;
  private final SqlParserImplFactory parserFactory;

  QueryFunction(SuperstarAdapter adapter, SqlParserImplFactory parserFactory) {
    this.adapter = adapter;
    this.parserFactory = parserFactory;
  }

  @Override public List<FunctionParameter> getParameters() {
    return List.of(new FunctionParameter() {
      @Override public int getOrdinal() {
        return 0;
      }

      @Override public String getName() {
        return "query";
      }

      /** A Java type: Calcite hands a macro only the literals of parameters of Java types. */
      @Override public RelDataType getType(RelDataTypeFactory typeFactory) {
        return typeFactory.createJavaType(String.class);
      }

      @Override public boolean isOptional() {
        return false;
      }
    });
  }

  @Override public TranslatableTable apply(List<? extends @Nullable Object> arguments) {
    if (!(arguments.get(0) instanceof String text)) {
      throw new ApiException(ApiErrorKind.BAD_REQUEST, "query(…) takes one string literal: the"
          + " query JSON exported from Stat-Xplore, or the path of a .json file holding it");
    }
    final JsonQuery query = JsonQuery.of(text);
    final ColumnNames names = new ColumnNames(parserFactory);
    final List<String> columns = new ArrayList<>();
    for (String uri : query.fields()) {
      columns.add(names.unique(adapter.label(uri)).get(0));
    }
    for (String uri : query.measures()) {
      columns.add(names.unique(adapter.label(uri)).get(0));
    }
    return new QueryTable(query, columns);
  }

  /** The cells of one exported query; read when the statement runs. */
  private final class QueryTable extends FunctionTable {
    private final JsonQuery query;
    private final List<String> columns;

    QueryTable(JsonQuery query, List<String> columns) {
      this.query = query;
      this.columns = columns;
    }

    @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      final RelDataTypeFactory.Builder b = typeFactory.builder();
      for (int i = 0; i < columns.size(); i++) {
        b.add(columns.get(i), i < query.fields().size() ? SqlTypeName.VARCHAR : SqlTypeName.DOUBLE)
            .nullable(true);
      }
      return b.build();
    }

    @Override protected Object key() {
      return List.of(adapter, new String(query.body(), StandardCharsets.UTF_8));
    }

    @Override protected String what() {
      return query.source();
    }

    @Override protected Execution.Rows open(CallScope scope) {
      return new Cells(adapter.run(query, scope), scope);
    }

    /** Rows of an answer, one per cell, checked against the planned columns. */
    private final class Cells implements Execution.Rows {
      private final TableResponseReader reader;
      private final CallScope scope;
      private final int fields;
      private final int measures;

      Cells(TableResponseReader reader, CallScope scope) {
        this.reader = reader;
        this.scope = scope;
        this.fields = query.fields().size();
        this.measures = query.measures().size();
        if (reader.fieldLabels().size() != fields) {
          reader.close();
          throw new ApiException(ApiErrorKind.BAD_RESPONSE, "The answer to " + query.source() + " has "
              + reader.fieldLabels().size() + " fields where the query has " + fields + " dimensions");
        }
      }

      @Override public Object @Nullable [] next() {
        if (scope.isCancelled()) {
          reader.close();
          throw new ApiException(ApiErrorKind.CANCELLED, "Statement cancelled");
        }
        if (!reader.next()) {
          return null;
        }
        final Object[] row = new Object[fields + measures];
        for (int d = 0; d < fields; d++) {
          row[d] = reader.firstLabel(d);
        }
        for (int m = 0; m < measures; m++) {
          row[fields + m] = reader.value(m);
        }
        return row;
      }

      @Override public void close() {
        reader.close();
      }
    }
  }
}
