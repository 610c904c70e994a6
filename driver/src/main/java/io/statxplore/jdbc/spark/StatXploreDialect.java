package io.statxplore.jdbc.spark;

import io.statxplore.jdbc.StatXploreDriver;

import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;

import java.sql.Types;
import java.util.Set;

import scala.Option;

/**
 * Apache Spark's dialect for {@code jdbc:statxplore:} URLs (Spark 3.5 and later), so that Spark
 * hands the driver what the API computes instead of computing it from cells:
 *
 * <ul>
 *   <li>aggregates ({@code SUM}, {@code AVG}, {@code COUNT}, {@code MIN}, {@code MAX}, with their
 *     {@code GROUP BY}) go to the driver, which sends them to the API as one request: a DataFrame's
 *     {@code groupBy().agg()} then gets the API's figures, not sums of perturbed cells. Spark pushes
 *     aggregates only through its JDBC catalog ({@code JDBCTableCatalog} with
 *     {@code pushDownAggregate=true}) and only when the read is one partition;
 *   <li>{@code LIMIT} and {@code OFFSET} go to the driver, which asks only for the leading items;
 *   <li>the driver's column types map to Spark's: {@code VARCHAR} to strings, {@code DOUBLE} to
 *     doubles, {@code BIGINT} to longs, {@code BOOLEAN}, {@code DATE} and {@code TIMESTAMP} as they are.
 * </ul>
 *
 * <p>Spark finds a dialect only when it is registered, once per JVM: {@link #register()}.
 */
public final class StatXploreDialect extends JdbcDialect {
  private static final long serialVersionUID = 1L;
  private static final StatXploreDialect INSTANCE = new StatXploreDialect();
  /** The aggregates Spark may hand over, by the names its SQL builder asks about. */
  private static final Set<String> AGGREGATES = Set.of("SUM", "AVG", "COUNT", "MIN", "MAX");

  /** Registers the dialect with Spark's {@link JdbcDialects}; calling it again changes nothing. */
  public static synchronized void register() {
    JdbcDialects.unregisterDialect(INSTANCE);
    JdbcDialects.registerDialect(INSTANCE);
  }

  @Override public boolean canHandle(String url) {
    return url.startsWith(StatXploreDriver.PREFIX);
  }

  @Override public Option<DataType> getCatalystType(int sqlType, String typeName, int size, MetadataBuilder md) {
    return switch (sqlType) {
      case Types.VARCHAR, Types.CHAR -> Option.apply(DataTypes.StringType);
      case Types.DOUBLE -> Option.apply(DataTypes.DoubleType);
      case Types.BIGINT -> Option.apply(DataTypes.LongType);
      case Types.INTEGER -> Option.apply(DataTypes.IntegerType);
      case Types.BOOLEAN -> Option.apply(DataTypes.BooleanType);
      case Types.DATE -> Option.apply(DataTypes.DateType);
      case Types.TIMESTAMP -> Option.apply(DataTypes.TimestampType);
      default -> Option.empty();
    };
  }

  /** Spark writes an aggregate into the query it sends only if the dialect names it here. */
  @Override public boolean isSupportedFunction(String funcName) {
    return AGGREGATES.contains(funcName);
  }

  @Override public boolean supportsLimit() {
    return true;
  }

  @Override public boolean supportsOffset() {
    return true;
  }

  /** The one instance: Spark keeps registered dialects in a list and compares them by identity. */
  private Object readResolve() {
    return INSTANCE;
  }
}
