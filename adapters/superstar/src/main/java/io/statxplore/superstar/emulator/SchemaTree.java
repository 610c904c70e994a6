package io.statxplore.superstar.emulator;

import io.statxplore.superstar.emulator.Cube.Field;
import io.statxplore.superstar.emulator.Cube.Measure;
import io.statxplore.superstar.emulator.Cube.Statistic;
import io.statxplore.superstar.emulator.Cube.Value;
import io.statxplore.superstar.emulator.Cube.ValueSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code /schema} tree of the emulated databases: folders, databases, groups, fields, value sets, values, measures. */
final class SchemaTree {
  static final String ROOT = "str:folder:root";

  /** A schema node and the ids of its children, in order. */
  record Node(String id, String label, String type, List<String> children) { }

  private final Map<String, Node> nodes = new LinkedHashMap<>();

  SchemaTree(List<Cube> cubes) {
    add(null, ROOT, "Stat-Xplore", "FOLDER");
    add(ROOT, SyntheticData.UC_FOLDER, "Universal Credit", "FOLDER");
    add(ROOT, SyntheticData.CHILDREN_FOLDER, "Children in Low Income Families", "FOLDER");
    add(SyntheticData.CHILDREN_FOLDER, SyntheticData.RELATIVE_FOLDER, "Relative low income", "FOLDER");
    add(ROOT, SyntheticData.DISABILITY_FOLDER, "Disability", "FOLDER");
    add(ROOT, SyntheticData.HOUSING_FOLDER, "Housing Benefit", "FOLDER");
    cubes.forEach(this::add);
  }

  private void add(Cube cube) {
    add(cube.folder, cube.uri(), cube.label, "DATABASE");
    for (Field f : cube.fields) {
      String parent = cube.uri();
      if (f.group() != null) {
        if (!nodes.containsKey(f.group())) {
          add(cube.uri(), f.group(), groupLabel(f.group()), "GROUP");
        }
        parent = f.group();
      }
      add(parent, f.uri(), f.label(), "FIELD");
      for (ValueSet vs : f.valueSets()) {
        add(f.uri(), vs.uri(), vs.label(), "VALUESET");
        for (Value v : vs.values()) {
          add(vs.uri(), v.uri(), v.label(), "VALUE");
        }
      }
    }
    add(cube.uri(), cube.countUri, cube.countLabel, "COUNT");
    for (Measure m : cube.measures) {
      add(cube.uri(), m.uri(), m.label(), "MEASURE");
      for (Statistic s : m.statistics()) {
        add(m.uri(), s.uri(), s.label(), "STAT_FUNCTION");
      }
    }
  }

  /** {@code str:group:PIP_Monthly:G_TIME} → "Time". */
  private static String groupLabel(String id) {
    final String last = id.substring(id.lastIndexOf(':') + 1).replaceFirst("^G_", "").toLowerCase(Locale.ROOT);
    return Character.toUpperCase(last.charAt(0)) + last.substring(1);
  }

  private void add(String parent, String id, String label, String type) {
    nodes.put(id, new Node(id, label, type, new ArrayList<>()));
    if (parent != null) {
      nodes.get(parent).children().add(id);
    }
  }

  /** The node with this id, or null. */
  Node get(String id) {
    return nodes.get(id);
  }
}
