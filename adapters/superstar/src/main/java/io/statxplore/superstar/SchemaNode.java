package io.statxplore.superstar;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A node of the {@code /schema} tree with its children: all pages of them for a fetched node;
 * for a node nested in another's answer ({@code ?depth=}), those the answer nested.
 *
 * @param id the node's URI, e.g. {@code str:database:UC_Monthly}
 * @param label localised label
 * @param type FOLDER, DATABASE, GROUP, FIELD, VALUESET, VALUE, COUNT, MEASURE, STAT_FUNCTION, …
 * @param children child nodes
 * @param childrenListed whether the answer carried this node's {@code children}, even an empty
 *     list; when it did not, the node may still have children, unfetched
 */
public record SchemaNode(String id, String label, String type, List<SchemaNode> children, boolean childrenListed) {
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
