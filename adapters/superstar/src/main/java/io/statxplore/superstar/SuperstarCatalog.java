package io.statxplore.superstar;

import io.statxplore.core.cube.CubeTableMeta;
import io.statxplore.core.cube.DimensionMeta;
import io.statxplore.core.cube.Item;
import io.statxplore.core.cube.MeasureFunction;
import io.statxplore.core.cube.MeasureMeta;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.spi.TableEntry;
import io.statxplore.superstar.SchemaClient.Depth;

import org.apache.calcite.sql.parser.SqlParserImplFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DESIGN §3's mapping of the {@code /schema} tree: every DATABASE is a table; each value set of
 * each field a dimension; each COUNT and STAT_FUNCTION a measure.
 */
final class SuperstarCatalog {
  private final SchemaClient schema;
  private final SqlParserImplFactory parserFactory;

  SuperstarCatalog(SchemaClient schema, SqlParserImplFactory parserFactory) {
    this.schema = schema;
    this.parserFactory = parserFactory;
  }

  /**
   * Walks the folders and lists their databases: one request for the tree where the server nests
   * folders ({@code ?depth=folder}), else one per folder and page. A folder listed twice, even
   * inside itself, is walked once.
   */
  List<TableEntry> tables() {
    final List<TableEntry> tables = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
    final Set<String> names = new HashSet<>();
    final Deque<Folder> folders = new ArrayDeque<>();
    final SchemaNode root = schema.root(Depth.FOLDER);
    final Set<String> walked = new HashSet<>(Set.of(root.id()));
    folders.add(new Folder(root, ""));
    while (!folders.isEmpty()) {
      final Folder folder = folders.poll();
      for (SchemaNode child : folder.node().children()) {
        if (child.is("FOLDER") && walked.add(child.id())) {
          folders.add(new Folder(schema.expand(child, Depth.FOLDER), folder.path() + "/" + child.label()));
        } else if (child.is("DATABASE") && ids.add(child.id())) {
          tables.add(new TableEntry(child.id(), uniqueName(Uris.databaseId(child.id()), names),
              child.label() + " (" + child.id() + "; folder " + (folder.path().isEmpty() ? "/" : folder.path()) + ")"));
        }
      }
    }
    return tables;
  }

  /** A fetched folder and its path of labels from the root. */
  private record Folder(SchemaNode node, String path) { }

  private static String uniqueName(String id, Set<String> taken) {
    String name = id;
    for (int i = 2; !taken.add(name.toLowerCase(Locale.ROOT)); i++) {
      name = id + "_" + i;
    }
    return name;
  }

  /**
   * The fields and measures of one database, walking its groups, fields and measures: one request
   * where the server nests them ({@code ?depth=valueset}), else one per node and page. A node
   * listed twice, even a group inside itself, counts once.
   */
  CubeTableMeta describe(TableEntry table) {
    final List<DimensionMeta> dimensions = new ArrayList<>();
    final List<MeasureMeta> measures = new ArrayList<>();
    collect(schema.node(table.id(), Depth.VALUESET), dimensions, measures, new HashSet<>(Set.of(table.id())));
    if (dimensions.isEmpty() || measures.isEmpty()) {
      throw new ApiException(ApiErrorKind.NOT_FOUND, "Database " + table.id() + " lists "
          + dimensions.size() + " fields and " + measures.size() + " measures; a table needs both");
    }
    return CubeTableMeta.of(table.id(), table.name(), dimensions, measures, parserFactory);
  }

  private void collect(SchemaNode parent, List<DimensionMeta> dimensions, List<MeasureMeta> measures,
      Set<String> visited) {
    for (SchemaNode child : parent.children()) {
      if (!visited.add(child.id())) {
        continue;
      }
      switch (child.type()) {
      case "GROUP":
        collect(schema.expand(child, Depth.VALUESET), dimensions, measures, visited);
        break;
      case "FIELD":
        dimensions.addAll(dimensions(schema.expand(child, Depth.VALUESET)));
        break;
      case "COUNT":
        measures.add(new MeasureMeta(child.id(), child.label(), MeasureFunction.COUNT, child.id()));
        break;
      case "MEASURE":
        for (SchemaNode fn : schema.expand(child, Depth.VALUESET).children()) {
          if (fn.is("STAT_FUNCTION") && visited.add(fn.id())) {
            measures.add(new MeasureMeta(fn.id(), statisticLabel(child.label(), fn.label()),
                function(fn.id()), fn.id()));
          }
        }
        break;
      default:
        break;
      }
    }
  }

  /** One dimension per value set; the first is the field's default, sent as the field URI. */
  private List<DimensionMeta> dimensions(SchemaNode field) {
    final List<SchemaNode> valueSets = field.children().stream().filter(c -> c.is("VALUESET")).toList();
    final List<DimensionMeta> dims = new ArrayList<>();
    if (valueSets.isEmpty()) {
      dims.add(new DimensionMeta(field.id(), field.id(), field.label(), field.id(), () -> {
        throw new ApiException(ApiErrorKind.NOT_FOUND, "Field " + field.id()
            + " lists no value set, so its items cannot be filtered or totalled");
      }));
      return dims;
    }
    for (int i = 0; i < valueSets.size(); i++) {
      final SchemaNode vs = valueSets.get(i);
      dims.add(new DimensionMeta(i == 0 ? field.id() : vs.id(), field.id(),
          valueSets.size() == 1 ? field.label() : vs.label(), field.id() + " / " + vs.id(),
          () -> items(vs.id())));
    }
    return dims;
  }

  private List<Item> items(String valueSetId) {
    return schema.node(valueSetId).children().stream()
        .filter(v -> v.is("VALUE"))
        .map(v -> new Item(v.id(), v.label(), Uris.lastSegment(v.id())))
        .toList();
  }

  /** A statistic's own label may be just "Mean"; then name it after its measure too. */
  private static String statisticLabel(String measure, String statistic) {
    return statistic.toLowerCase(Locale.ROOT).contains(measure.toLowerCase(Locale.ROOT))
        ? statistic : measure + " (" + statistic + ")";
  }

  private static MeasureFunction function(String statfnUri) {
    switch (Uris.lastSegment(statfnUri)) {
    case "SUM":
      return MeasureFunction.SUM;
    case "MEAN":
      return MeasureFunction.MEAN;
    case "MEDIAN":
      return MeasureFunction.MEDIAN;
    default:
      return MeasureFunction.OTHER;
    }
  }
}
