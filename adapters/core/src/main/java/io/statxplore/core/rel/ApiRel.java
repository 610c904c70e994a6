package io.statxplore.core.rel;

import org.apache.calcite.rel.RelNode;

/**
 * An operator the API computes: a scan, filter, project or aggregate held in an
 * {@link ApiQuery}'s stack. Each adds its part to the request being built.
 */
public interface ApiRel extends RelNode {
  void implement(QueryBuilder builder);
}
