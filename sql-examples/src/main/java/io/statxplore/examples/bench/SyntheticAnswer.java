package io.statxplore.examples.bench;

import java.nio.charset.StandardCharsets;

/**
 * A {@code /table} answer of any size in the real wire format (two fields, one COUNT cube): the
 * input of the decode benchmark.
 */
final class SyntheticAnswer {
  static final String DATABASE = "str:database:BENCH";
  static final String MEASURE = "str:count:BENCH:F";
  static final String[] FIELDS = {"str:field:BENCH:F:A", "str:field:BENCH:F:B"};

  private SyntheticAnswer() {
  }

  /** The query the answer claims to answer. */
  static String query() {
    return "{\"database\":\"" + DATABASE + "\",\"measures\":[\"" + MEASURE + "\"],\"dimensions\":[[\""
        + FIELDS[0] + "\"],[\"" + FIELDS[1] + "\"]]}";
  }

  /** An answer of {@code rows × columns} cells. */
  static byte[] bytes(int rows, int columns) {
    final StringBuilder json = new StringBuilder(rows * columns * 8 + 1024);
    json.append("{\"query\":").append(query()).append(",\"database\":{\"id\":\"BENCH\",\"uri\":\"").append(DATABASE)
        .append("\",\"label\":\"Benchmark\"},\"measures\":[{\"uri\":\"").append(MEASURE)
        .append("\",\"label\":\"People\",\"measure\":\"").append(MEASURE).append("\",\"function\":\"COUNT\"}],")
        .append("\"fields\":[");
    final int[] sizes = {rows, columns};
    for (int f = 0; f < 2; f++) {
      json.append(f == 0 ? "" : ",").append("{\"uri\":\"").append(FIELDS[f]).append("\",\"label\":\"Field ")
          .append(f).append("\",\"items\":[");
      for (int i = 0; i < sizes[f]; i++) {
        json.append(i == 0 ? "" : ",").append("{\"type\":\"RecodeItem\",\"uris\":[\"str:value:BENCH:F:")
            .append(f).append(':').append(i).append("\"],\"labels\":[\"Item ").append(i).append("\"]}");
      }
      json.append("]}");
    }
    json.append("],\"cubes\":{\"").append(MEASURE).append("\":{\"values\":[");
    for (int r = 0; r < rows; r++) {
      json.append(r == 0 ? "[" : ",[");
      for (int c = 0; c < columns; c++) {
        json.append(c == 0 ? "" : ",").append((r * 31 + c * 17) % 100_000).append(".0");
      }
      json.append(']');
    }
    json.append("]}}}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
