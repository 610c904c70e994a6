package io.statxplore.opendatasoft.emulator;

import java.util.List;
import java.util.Map;

/**
 * A bundled dataset: its field schema in the v2.1 wire form and its records, each a map of field
 * name to a JSON-ready value (text, {@link Long}, {@link Double}, {@link Boolean}, ISO date text,
 * a {@code lat}/{@code lon} map, a list of text), null for a missing value.
 *
 * @param id the dataset id
 * @param title its title
 * @param description its description
 * @param fields its fields
 * @param records its records
 */
public record Dataset(String id, String title, String description, List<FieldDef> fields,
    List<Map<String, Object>> records) {
  /** A field: name, label, ODS type, description, and whether it is multivalued (separator ','). */
  public record FieldDef(String name, String label, String type, String description, boolean multivalued) { }

  /** The definition of field {@code name}, or null. */
  public FieldDef field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
  }
}
