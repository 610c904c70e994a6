package io.statxplore.cubes;

import org.apache.calcite.schema.Function;

import java.util.Map;

/** The table functions of the schema. */
final class CubesFunctions {
  private CubesFunctions() {
  }

  static Map<String, Function> of(CubesAdapter adapter) {
    return Map.of();
  }
}
