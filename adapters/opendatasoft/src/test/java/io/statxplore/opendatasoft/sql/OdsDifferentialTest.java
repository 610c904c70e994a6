package io.statxplore.opendatasoft.sql;

import io.statxplore.core.record.RecordValues;
import io.statxplore.core.testkit.SqlKit;
import io.statxplore.opendatasoft.OdsAdapterFactory;
import io.statxplore.opendatasoft.emulator.Dataset;
import io.statxplore.opendatasoft.emulator.OdsEmulator;

import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated SQL through the driver (pushed into ODSQL, evaluated by the emulator) gives the same
 * rows as plain Calcite over the emulator's record-level data, with one request where the whole
 * query is pushable.
 */
class OdsDifferentialTest {
  private static OdsEmulator ods;
  private static Connection driver;
  private static Connection reference;

  /** A query, and whether ODSQL computes all of it (one request). */
  record Case(String sql, boolean onePushedRequest) {
    @Override public String toString() {
      return sql;
    }
  }

  private static final String[] CITY_FILTERS = {"country_code = 'FR'", "population > 50000", "elevation is null",
      "elevation between 100 and 900", "country_code in ('BE', 'DE', 'IT')", "capital",
      "modification_date >= date '2018-01-01'", "country_code <> 'US'", "not (population < 2000)",
      "(population <= 3000 or elevation > 2000)", "cou_name_en = 'Mexico' and population >= 10000",
      "elevation is not null and not capital"};
  private static final String[] CITY_KEYS = {"cou_name_en", "country_code", "capital", "timezone"};
  private static final String[] CITY_AGGS = {"count(*)", "sum(population)", "avg(elevation)",
      "min(modification_date)", "max(population)", "count(elevation)", "min(elevation)"};
  private static final String[] AIR_FILTERS = {"pollutant = 'NO2'", "value > 100", "year = 2019", "validated",
      "measured_on < date '2018-09-01'", "value is null", "city <> 'Paris'", "pollutant in ('O3', 'PM10')"};
  private static final String[] AIR_KEYS = {"pollutant", "year", "city", "station_id"};
  private static final String[] AIR_AGGS = {"avg(\"value\")", "max(\"value\")", "count(*)", "sum(\"value\")",
      "min(measured_on)", "count(\"value\")"};

  static Stream<Case> cases() {
    return IntStream.range(0, 40).mapToObj(i -> generate(new Random(i), i));
  }

  private static Case generate(Random r, int i) {
    final boolean cities = i % 2 == 0;
    final String table = cities ? "world_cities" : "air_quality";
    final String[] filters = cities ? CITY_FILTERS : AIR_FILTERS;
    final String[] keys = cities ? CITY_KEYS : AIR_KEYS;
    final String[] aggs = cities ? CITY_AGGS : AIR_AGGS;
    final String where = r.nextInt(5) == 0 ? "" : " where " + filters[r.nextInt(filters.length)]
        + (r.nextBoolean() ? " and " + filters[r.nextInt(filters.length)] : "");
    final String agg1 = aggs[r.nextInt(aggs.length)];
    final String agg2 = aggs[r.nextInt(aggs.length)];
    switch ((i / 2) % 4) {
    case 0: {
      // Ordered by every column (a datetime, which is sorted locally, for air_quality), so the rows are determined.
      final String columns = cities ? "geoname_id, name, population, elevation, coordinates_lat"
          : "station_id, measured_at, pollutant, \"value\", validated";
      final int limit = 1 + r.nextInt(150);
      return new Case("select " + columns + " from " + table + where + " order by " + columns
          + " limit " + limit + (r.nextBoolean() ? " offset " + r.nextInt(50) : ""), cities && limit <= 100);
    }
    case 1: {
      final String key = keys[r.nextInt(keys.length)];
      return new Case("select " + key + ", " + agg1 + ", " + agg2 + " from " + table + where + " group by " + key
          + " order by " + key, true);
    }
    case 2:
      return new Case("select " + agg1 + ", " + agg2 + " from " + table + where, true);
    default: {
      final String key = keys[r.nextInt(keys.length)];
      return new Case("select " + key + ", count(*) as n from " + table + where + " group by " + key
          + " order by n desc, " + key + " limit 3", true);
    }
    }
  }

  @BeforeAll static void start() throws SQLException {
    ods = OdsEmulator.start();
    driver = SqlKit.open(new OdsAdapterFactory(), ods.baseUrl()).connect();
    final Properties p = new Properties();
    p.setProperty("parserFactory", "org.apache.calcite.sql.parser.babel.SqlBabelParserImpl#FACTORY");
    p.setProperty("unquotedCasing", "UNCHANGED");
    p.setProperty("quotedCasing", "UNCHANGED");
    p.setProperty("caseSensitive", "false");
    reference = DriverManager.getConnection("jdbc:calcite:", p);
    final SchemaPlus root = reference.unwrap(CalciteConnection.class).getRootSchema();
    final SchemaPlus schema = root.add("opendatasoft", new org.apache.calcite.schema.impl.AbstractSchema());
    schema.add("world_cities", new Records(ods.datasets().get("world-cities")));
    schema.add("air_quality", new Records(ods.datasets().get("air-quality")));
    reference.unwrap(CalciteConnection.class).setSchema("opendatasoft");
  }

  @AfterAll static void stop() throws SQLException {
    driver.close();
    reference.close();
    ods.close();
  }

  @ParameterizedTest @MethodSource("cases")
  void sameRowsAsPlainCalciteOverTheRecords(Case c) throws SQLException {
    ods.clearRequests();
    final List<List<Object>> actual = OdsSql.rows(driver, c.sql());
    final List<List<Object>> expected = OdsSql.rows(reference, c.sql());
    assertEquals(expected.size(), actual.size(), "row count");
    for (int i = 0; i < expected.size(); i++) {
      for (int j = 0; j < expected.get(i).size(); j++) {
        final Object e = expected.get(i).get(j);
        final Object a = actual.get(i).get(j);
        if (e instanceof Double x && a instanceof Double y) {
          assertEquals(x, y, Math.abs(x) * 1e-9, "row " + i + " column " + j);
        } else {
          assertEquals(e, a, "row " + i + " column " + j);
        }
      }
    }
    final long requests = ods.requests().stream().filter(r -> !r.path().endsWith("/datasets")).count();
    if (c.onePushedRequest()) {
      // None when Calcite proves the filter contradictory (x IS NULL AND x > 100) and needs no rows.
      assertTrue(requests <= 1, "requests: " + ods.requests());
    } else {
      assertTrue(requests >= 1);
    }
  }

  /** A dataset's records as a plain Calcite table with the driver's column names and types. */
  private static final class Records extends AbstractTable implements ScannableTable {
    private final Dataset dataset;

    Records(Dataset dataset) {
      this.dataset = dataset;
    }

    @Override public RelDataType getRowType(RelDataTypeFactory f) {
      final RelDataTypeFactory.Builder b = f.builder();
      for (Dataset.FieldDef d : dataset.fields()) {
        if (d.type().equals("geo_point_2d")) {
          b.add(d.name() + "_lat", SqlTypeName.DOUBLE).nullable(true);
          b.add(d.name() + "_lon", SqlTypeName.DOUBLE).nullable(true);
        } else {
          b.add(d.name(), type(d)).nullable(true);
        }
      }
      return b.build();
    }

    private static SqlTypeName type(Dataset.FieldDef d) {
      return d.multivalued() ? SqlTypeName.VARCHAR : switch (d.type()) {
        case "int" -> SqlTypeName.BIGINT;
        case "double" -> SqlTypeName.DOUBLE;
        case "boolean" -> SqlTypeName.BOOLEAN;
        case "date" -> SqlTypeName.DATE;
        case "datetime" -> SqlTypeName.TIMESTAMP;
        default -> SqlTypeName.VARCHAR;
      };
    }

    @Override public Enumerable<Object[]> scan(DataContext root) {
      final List<Object[]> rows = new ArrayList<>();
      for (Map<String, Object> rec : dataset.records()) {
        final List<Object> row = new ArrayList<>();
        for (Dataset.FieldDef d : dataset.fields()) {
          final Object v = rec.get(d.name());
          if (d.type().equals("geo_point_2d")) {
            row.add(v == null ? null : ((Map<?, ?>) v).get("lat"));
            row.add(v == null ? null : ((Map<?, ?>) v).get("lon"));
          } else if (d.multivalued()) {
            row.add(v == null ? null : String.join(",", (List<String>) v));
          } else {
            row.add(RecordValues.convert(v, type(d)));
          }
        }
        rows.add(row.toArray());
      }
      return Linq4j.asEnumerable(rows);
    }
  }
}
