package io.statxplore.core.engine;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;

import java.util.List;

/**
 * What a compiled plan calls to run one pushed request, of either path: it sends the request
 * when the rows are first asked for and streams them, once per {@link Execution}. One instance
 * per prepared plan ({@link Runners#implement}); it also carries the plan's warnings, which the
 * driver's statements report.
 */
public interface Runner {
  /** Called by generated code. */
  Enumerable<Object[]> run(DataContext root);

  /** Warnings about how the plan around this request computes its result. */
  default List<String> warnings() {
    return List.of();
  }
}
