package io.statxplore.core.cube;

import org.apache.calcite.rel.RelNode;

/**
 * An operator the API computes: a scan, filter, project or aggregate held in an
 * {@link CubeQueryRel}'s stack. Each adds its part to the request being built.
 */
public interface CubeRel extends RelNode {
  void implement(CubeQueryBuilder builder);
}
