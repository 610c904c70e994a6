package io.statxplore.core.engine;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare.CatalogReader;
import org.apache.calcite.prepare.Prepare.Materialization;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calcite's statement preparation with more steps: {@link PlanChecks} before and after
 * optimisation, {@link LocalAggregationPolicy} on the final plan, and IN lists kept whole for
 * pushdown.
 */
public class EnginePrepare extends CalcitePrepareImpl {
  /**
   * The row limit ({@code Statement.setMaxRows}) of the statement this instance prepares; zero or
   * less for none. Calcite makes one instance per statement it prepares.
   */
  private long maxRows;

  /** A statement that may be a procedure call; {@link #callAsSelect} parses it to be sure. */
  private static final Pattern CALL = Pattern.compile("\\s*CALL\\b", Pattern.CASE_INSENSITIVE);

  /** Calcite's words for a table it did not find, with the schema it looked in, if one was named. */
  private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found(?: within '([^']+)')?");

  /**
   * Prepares with the statement's {@code maxRows} known to the planner, so that a query without
   * {@code ORDER BY} plans as if it ended with {@code LIMIT maxRows} (the rows returned are the
   * same) and asks the API only for the cells it shows.
   */
  @Override public <T> CalciteSignature<T> prepareSql(Context context, Query<T> query, Type elementType,
      long maxRowCount) {
    this.maxRows = maxRowCount;
    if (query.sql != null && CALL.matcher(query.sql).lookingAt()) {
      query = Query.of(callAsSelect(context, query.sql));
    }
    try {
      return super.prepareSql(context, query, elementType, maxRowCount);
    } catch (CalciteContextException e) {
      if (!addUnlisted(context, e)) {
        throw e;
      }
      return super.prepareSql(context, query, elementType, maxRowCount);
    }
  }

  /**
   * {@code CALL f(…)} as {@code SELECT f(…)}: Calcite parses and validates a {@code CALL} of a
   * scalar function but cannot prepare it (it asks the validator for the type of the CALL itself).
   */
  private static String callAsSelect(Context context, String sql) {
    final CalciteConnectionConfig config = context.config();
    final SqlParserImplFactory parser = config.parserFactory(SqlParserImplFactory.class,
        PlannerSettings.parserFactory());
    final SqlNode node;
    try {
      node = SqlParser.create(sql, SqlParser.config().withParserFactory(parser).withQuoting(config.quoting())
          .withUnquotedCasing(config.unquotedCasing()).withQuotedCasing(config.quotedCasing())
          .withCaseSensitive(config.caseSensitive()).withConformance(config.conformance())).parseStmt();
    } catch (SqlParseException e) {
      return sql; // Calcite's own parse reports the error
    }
    if (node.getKind() != SqlKind.PROCEDURE_CALL) {
      return sql;
    }
    final SqlDialect dialect = new SqlDialect(SqlDialect.EMPTY_CONTEXT
        .withIdentifierQuoteString(config.quoting().string).withUnquotedCasing(Casing.UNCHANGED)
        .withQuotedCasing(Casing.UNCHANGED));
    return "SELECT " + ((SqlCall) node).operand(0).toSqlString(dialect).getSql();
  }

  /**
   * Adds the table that {@code e} did not find, if an API serves it unlisted
   * ({@link io.statxplore.core.spi.ApiAdapter#unlisted}), to its schema's own tables, which every
   * later statement of the connection sees (Calcite answers from a snapshot of the names an
   * adapter's schema lists, so a name it does not list is never asked of the schema).
   */
  private static boolean addUnlisted(Context context, CalciteContextException e) {
    final Matcher m = NOT_FOUND.matcher(String.valueOf(e.getMessage()));
    if (!m.find()) {
      return false;
    }
    final CalciteSchema root = context.getRootSchema();
    CalciteSchema schema = root;
    for (String s : m.group(2) != null ? List.of(m.group(2)) : context.getDefaultSchemaPath()) {
      schema = schema == null ? null : schema.getSubSchema(s, false);
    }
    if (schema == null || !(schema.schema instanceof AdapterSchema api)) {
      return false;
    }
    final Named<Table> table = api.unlisted(m.group(1));
    if (table == null) {
      return false;
    }
    schema.add(table.name(), table.entity());
    return true;
  }

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

      @Override protected RelRoot optimize(RelRoot root, List<Materialization> materializations,
          List<CalciteSchema.LatticeEntry> lattices) {
        PlanChecks.checkRowCounts(root.rel);
        // A row limit beyond an int is no limit a statement could reach.
        if (maxRows <= 0 || maxRows > Integer.MAX_VALUE || !root.kind.belongsTo(SqlKind.QUERY)
            || !root.collation.getFieldCollations().isEmpty()) {
          return super.optimize(root, materializations, lattices);
        }
        final RexBuilder rex = root.rel.getCluster().getRexBuilder();
        return super.optimize(root.withRel(LogicalSort.create(root.rel, RelCollations.EMPTY, null,
            rex.makeExactLiteral(BigDecimal.valueOf(maxRows)))), materializations, lattices);
      }

      @Override protected Program getProgram() {
        return Programs.sequence(super.getProgram(),
            (p, rel, traits, materializations, lattices) -> LocalAggregationPolicy.apply(PlanChecks.checkConstants(rel)));
      }
    };
  }
}
