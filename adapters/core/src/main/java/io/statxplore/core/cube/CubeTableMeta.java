package io.statxplore.core.cube;

import io.statxplore.core.spi.ColumnNames;

import org.apache.calcite.sql.parser.SqlParserImplFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Everything the engine knows about one remote table: its dimensions, measures and the columns
 * they become (per dimension a label and a {@code _code} column, in schema order, then one
 * column per measure).
 */
public final class CubeTableMeta {
  private final String id;
  private final String name;
  private final List<DimensionMeta> dimensions;
  private final List<MeasureMeta> measures;
  private final List<ColumnMeta> columns;
  private final Map<String, ColumnMeta> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  private CubeTableMeta(String id, String name, List<DimensionMeta> dimensions,
      List<MeasureMeta> measures, List<ColumnMeta> columns) {
    this.id = id;
    this.name = name;
    this.dimensions = List.copyOf(dimensions);
    this.measures = List.copyOf(measures);
    this.columns = List.copyOf(columns);
    columns.forEach(c -> byName.put(c.name(), c));
  }

  /**
   * Names the columns of a table by DESIGN §3's rule.
   *
   * @param id the API's identifier of the table
   * @param name the SQL name of the table
   * @param parserFactory the connection's parser, so reserved words get a {@code _} suffix
   */
  public static CubeTableMeta of(String id, String name, List<DimensionMeta> dimensions,
      List<MeasureMeta> measures, SqlParserImplFactory parserFactory) {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    if (dimensions.isEmpty() || measures.isEmpty()) {
      throw new IllegalArgumentException("table " + id + " needs at least one field and one measure");
    }
    final ColumnNames names = new ColumnNames(parserFactory);
    final List<ColumnMeta> columns = new ArrayList<>();
    for (int i = 0; i < dimensions.size(); i++) {
      final DimensionMeta d = dimensions.get(i);
      final List<String> pair = names.unique(d.label(), "_code");
      columns.add(new ColumnMeta(pair.get(0), ColumnMeta.Kind.LABEL, i, d.label() + " (" + d.source() + ")"));
      columns.add(new ColumnMeta(pair.get(1), ColumnMeta.Kind.CODE, i, d.label() + " code (" + d.source() + ")"));
    }
    for (int i = 0; i < measures.size(); i++) {
      final MeasureMeta m = measures.get(i);
      columns.add(new ColumnMeta(names.unique(m.label()).get(0), ColumnMeta.Kind.MEASURE, i,
          m.label() + " (" + m.source() + ")"));
    }
    return new CubeTableMeta(id, name, dimensions, measures, columns);
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public List<DimensionMeta> dimensions() {
    return dimensions;
  }

  public List<MeasureMeta> measures() {
    return measures;
  }

  public List<ColumnMeta> columns() {
    return columns;
  }

  public ColumnMeta column(int ordinal) {
    return columns.get(ordinal);
  }

  /** Looks a column up by name, ignoring case. */
  public Optional<ColumnMeta> column(String columnName) {
    return Optional.ofNullable(byName.get(columnName));
  }

  /** The dimension a label or code column belongs to. */
  public DimensionMeta dimensionOf(ColumnMeta column) {
    if (!column.isDimension()) {
      throw new IllegalArgumentException(column.name() + " is a measure");
    }
    return dimensions.get(column.index());
  }

  /** The measure a measure column holds. */
  public MeasureMeta measureOf(ColumnMeta column) {
    if (column.isDimension()) {
      throw new IllegalArgumentException(column.name() + " is not a measure");
    }
    return measures.get(column.index());
  }

  /** The label column of dimension {@code d}, which names it in messages. */
  public String labelColumn(DimensionMeta d) {
    final int index = dimensions.indexOf(d);
    return columns.stream().filter(c -> c.kind() == ColumnMeta.Kind.LABEL && c.index() == index)
        .findFirst().orElseThrow().name();
  }

  @Override public String toString() {
    return "CubeTable[" + name + "]";
  }
}
