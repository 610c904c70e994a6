package io.statxplore.cubes;

import io.statxplore.core.engine.Runners;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import com.google.common.collect.MapMaker;

import okhttp3.HttpUrl;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * v2's loading API as the scalar function {@code load(csv_file, metadata, private)}, so that
 * {@code CALL cubes.load(…)} (Calcite's {@code CALL} takes a scalar function) sends one
 * {@code POST /api/2/new} when the statement runs and answers the API's JSON answer as text.
 */
public final class LoadFunction implements ScalarFunction, ImplementableFunction {
  /** Generated code names the adapter by an id: it cannot hold the object itself. */
  private static final ConcurrentMap<String, CubesAdapter> ADAPTERS = new MapMaker().weakValues().makeMap();
  private static final ConcurrentMap<CubesAdapter, String> IDS = new MapMaker().weakKeys().makeMap();
  private static final AtomicLong NEXT = new AtomicLong();

  private final String id;
  private final List<FunctionParameter> parameters;

  LoadFunction(CubesAdapter adapter, List<FunctionParameter> parameters) {
    this.id = IDS.computeIfAbsent(adapter, a -> Long.toString(NEXT.incrementAndGet()));
    ADAPTERS.put(id, adapter);
    this.parameters = parameters;
  }

  @Override public List<FunctionParameter> getParameters() {
    return parameters;
  }

  @Override public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.VARCHAR), true);
  }

  @Override public CallImplementor getImplementor() {
    return RexImpTable.createImplementor((translator, call, operands) -> {
      final List<Expression> args = new ArrayList<>(List.of(DataContext.ROOT, Expressions.constant(id)));
      // The method takes objects (nulls included); a literal may come as a primitive.
      operands.forEach(o -> args.add(Expressions.convert_(o, Object.class)));
      return Expressions.call(LoadFunction.class, "load", args);
    }, NullPolicy.NONE, false);
  }

  /** Called by generated code when the statement runs. */
  public static String load(DataContext root, String adapterId, @Nullable Object csvFile, @Nullable Object metadata,
      @Nullable Object isPrivate) {
    final CubesAdapter adapter = ADAPTERS.get(adapterId);
    if (adapter == null) {
      throw new ApiException(ApiErrorKind.CONNECTION, "The connection of this statement is closed");
    }
    CubesFunctions.requireV2(adapter, "load");
    if (csvFile == null || metadata == null) {
      throw new ApiException(ApiErrorKind.BAD_REQUEST, "load(csv_file, metadata, private) needs csv_file and"
          + " metadata");
    }
    final HttpUrl.Builder url = adapter.client().url("api", "2", "new").newBuilder()
        .addQueryParameter("csv_file", csvFile.toString())
        .addQueryParameter("metadata", metadata.toString());
    if (isPrivate != null) {
      url.addQueryParameter("private", isPrivate.toString());
    }
    return adapter.client().post(url.build(), Runners.scope(root)).toString();
  }
}
