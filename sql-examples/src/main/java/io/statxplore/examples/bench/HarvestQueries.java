package io.statxplore.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Queries in the form Stat-Xplore exports them ({@code database}, {@code measures},
 * {@code recodes}, {@code dimensions}, pretty-printed), for the emulator's tables, sized as the
 * runs of issue 15 against the Python harvester: 70 to 4,000,000 cells.
 */
final class HarvestQueries {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UC = "UC_Households";
  private static final String SMALL = "UC_SmallAreas";
  private static final String LSOA = "V_F_UC_CASELOAD_LSOA";

  private HarvestQueries() {
  }

  /** Writes one query file per size into {@code dir}; the files by their answer's cell count. */
  static Map<Long, Path> write(Path dir) throws IOException {
    final Map<Long, Path> files = new LinkedHashMap<>();
    // 10 regions (Total included) × 7 months (Total included)
    files.put(70L, write(dir, query(UC, "str:count:UC_Households:V_F_UC_HOUSEHOLDS",
        dimension(UC, "V_F_UC_HOUSEHOLDS", "COA_CODE", "V_C_MASTERGEOG11_REGION_TO_COUNTRY",
            codes("E1200000", 1, 9, 1), true),
        dimension(UC, "F_UC_DATE", "DATE_NAME", "C_UC_DATE", List.of("201805", "201806", "201807", "201808",
            "201809", "201810"), true))));
    // 151 small areas × 15 months × 3 genders (Total included)
    files.put(6_795L, write(dir, small(areas(151), months(15), null)));
    // 634 constituencies × 8 months × 9 age bands, every item: the shape of the real hb_new query
    files.put(45_648L, write(dir, query("hb_new", "str:count:hb_new:V_F_HB_NEW",
        dimension("hb_new", "F_HB_NEW_DATE", "NEW_DATE_NAME", "C_HB_NEW_DATE", null, false),
        dimension("hb_new", "V_F_HB_NEW", "PARLC_CODE", "V_C_MASTERGEOG11_PARLC_TO_REGION", null, false),
        dimension("hb_new", "V_F_HB_NEW", "AGE_BAND", "V_C_AGE_BAND_2", null, false))));
    // 5,000 areas × 40 months
    files.put(200_000L, write(dir, query(SMALL, "str:count:UC_SmallAreas:" + LSOA,
        dimension(SMALL, LSOA, "LSOA_CODE", "V_C_MASTERGEOG11_LSOA", null, false),
        dimension(SMALL, "F_UC_DATE", "DATE_NAME", "C_UC_DATE", months(40), false))));
    // 5,000 areas × 100 months × 2 genders (× 4 age bands)
    files.put(1_000_000L, write(dir, small(null, null, null)));
    files.put(4_000_000L, write(dir, small(null, null, "AGE_BAND")));
    return files;
  }

  /** Small areas by month and gender (with a Total if areas are chosen), optionally by one more field. */
  private static ObjectNode small(List<String> areas, List<String> months, String extra) {
    final ObjectNode[] dimensions = new ObjectNode[extra == null ? 3 : 4];
    dimensions[0] = dimension(SMALL, LSOA, "LSOA_CODE", "V_C_MASTERGEOG11_LSOA", areas, false);
    dimensions[1] = dimension(SMALL, "F_UC_DATE", "DATE_NAME", "C_UC_DATE", months, false);
    dimensions[2] = dimension(SMALL, LSOA, "GENDER", "C_UC_GENDER", areas == null ? null : List.of("F", "M"),
        areas != null);
    if (extra != null) {
      dimensions[3] = dimension(SMALL, LSOA, extra, "C_UC_AGE_BAND", null, false);
    }
    return query(SMALL, "str:count:UC_SmallAreas:" + LSOA, dimensions);
  }

  private static List<String> areas(int n) {
    return codes("E01", 1, n, 6);
  }

  /** The first {@code n} months of the small-area table, from May 2015. */
  private static List<String> months(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> YearMonth.of(2015, 5).plusMonths(i))
        .map(m -> String.format("%04d%02d", m.getYear(), m.getMonthValue())).toList();
  }

  private static List<String> codes(String prefix, int first, int last, int digits) {
    return IntStream.rangeClosed(first, last)
        .mapToObj(i -> prefix + String.format("%0" + digits + "d", i)).toList();
  }

  /**
   * A dimension: its field URI, and the recode that picks {@code codes} of {@code valueSet} (all
   * items when null) with or without a Total.
   */
  private static ObjectNode dimension(String db, String fact, String field, String valueSet, List<String> codes,
      boolean total) {
    final String uri = "str:field:" + db + ":" + fact + ":" + field;
    final ObjectNode d = JSON.createObjectNode().put("field", uri);
    if (codes != null || total) {
      final ObjectNode recode = d.putObject("recode");
      final ArrayNode map = recode.putArray("map");
      for (String code : codes) {
        map.addArray().add("str:value:" + db + ":" + fact + ":" + field + ":" + valueSet + ":" + code);
      }
      recode.put("total", total);
    }
    return d;
  }

  private static ObjectNode query(String db, String measure, ObjectNode... dimensions) {
    final ObjectNode q = JSON.createObjectNode().put("database", "str:database:" + db);
    q.putArray("measures").add(measure);
    final ObjectNode recodes = q.putObject("recodes");
    final ArrayNode dims = q.putArray("dimensions");
    for (ObjectNode d : dimensions) {
      if (d.has("recode")) {
        recodes.set(d.get("field").asText(), d.get("recode"));
      }
      dims.addArray().add(d.get("field").asText());
    }
    return q;
  }

  private static Path write(Path dir, ObjectNode query) throws IOException {
    final Path file = Files.createTempFile(dir, "query", ".json");
    Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(query));
    return file;
  }
}
