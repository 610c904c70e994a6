package io.statxplore.superstar;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A node of the {@code /schema} tree, with the children of one fetch (all pages).
 *
 * @param id the node's URI, e.g. {@code str:database:UC_Monthly}
 * @param label localised label
 * @param type FOLDER, DATABASE, GROUP, FIELD, VALUESET, VALUE, COUNT, MEASURE, STAT_FUNCTION, …
 * @param children child nodes (their own children are not fetched)
 */
public record SchemaNode(String id, String label, String type, List<SchemaNode> children) {
  public SchemaNode {
    requireNonNull(id, "id");
    requireNonNull(label, "label");
    requireNonNull(type, "type");
    children = List.copyOf(children);
  }

  public boolean is(String nodeType) {
    return type.equals(nodeType);
  }
}
