package io.statxplore.core.prepare;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare.CatalogReader;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

import java.lang.reflect.Type;

/**
 * Calcite's statement preparation with one more step after optimisation:
 * {@link LocalAggregationPolicy} on the final plan, and IN lists kept whole for pushdown.
 */
public class StatPrepare extends CalcitePrepareImpl {
  @Override protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context,
      Type elementType, CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    final EnumerableRel.Prefer prefer = elementType == Object[].class
        ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
    return new CalcitePreparingStmt(this, context, catalogReader, context.getTypeFactory(),
        context.getRootSchema(), prefer, createCluster(planner, new RexBuilder(context.getTypeFactory())),
        enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE,
        createConvertletTable()) {
      /** Keeps IN lists of any length as predicates, which the API evaluates, not joins with VALUES. */
      @Override protected SqlToRelConverter getSqlToRelConverter(SqlValidator validator,
          CatalogReader catalogReader, SqlToRelConverter.Config config) {
        return super.getSqlToRelConverter(validator, catalogReader,
            config.withInSubQueryThreshold(Integer.MAX_VALUE));
      }

      @Override protected Program getProgram() {
        return Programs.sequence(super.getProgram(),
            (p, rel, traits, materializations, lattices) -> LocalAggregationPolicy.apply(rel));
      }
    };
  }
}
