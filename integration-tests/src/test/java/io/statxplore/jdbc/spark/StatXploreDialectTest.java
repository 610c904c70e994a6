package io.statxplore.jdbc.spark;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.aggregate.Avg;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.GeneralAggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.junit.jupiter.api.Test;

import java.sql.Types;

import scala.Option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the dialect tells Spark (here, where Spark is on the class path); SparkDialectIT runs it
 * inside Spark against the emulator.
 */
class StatXploreDialectTest {
  private final StatXploreDialect dialect = new StatXploreDialect();

  @Test void handlesTheDriversUrlsOnly() {
    assertTrue(dialect.canHandle("jdbc:statxplore:demo=true"));
    assertFalse(dialect.canHandle("jdbc:postgresql://localhost/db"));
  }

  @Test void compilesTheAggregatesTheApiComputes() {
    final Expression n = Expressions.column("households");
    assertEquals(Option.apply("SUM(\"households\")"), dialect.compileAggregate(new Sum(n, false)));
    assertEquals(Option.apply("AVG(\"households\")"), dialect.compileAggregate(new Avg(n, false)));
    assertEquals(Option.apply("COUNT(*)"), dialect.compileAggregate(new CountStar()));
    assertEquals(Option.empty(),
        dialect.compileAggregate(new GeneralAggregateFunc("VAR_POP", false, new Expression[] {n})));
  }

  @Test void pushesLimitAndOffsetAndMapsTheDriversTypes() {
    assertTrue(dialect.supportsLimit());
    assertTrue(dialect.supportsOffset());
    assertEquals("LIMIT 3", dialect.getLimitClause(3).strip());
    final MetadataBuilder md = new MetadataBuilder();
    assertEquals(Option.apply(DataTypes.StringType), dialect.getCatalystType(Types.VARCHAR, "VARCHAR", 0, md));
    assertEquals(Option.apply(DataTypes.DoubleType), dialect.getCatalystType(Types.DOUBLE, "DOUBLE", 0, md));
  }

  @Test void registeringTwiceKeepsOneDialect() {
    StatXploreDialect.register();
    StatXploreDialect.register();
    assertSame(StatXploreDialect.class, JdbcDialects.get("jdbc:statxplore:demo=true").getClass());
  }
}
