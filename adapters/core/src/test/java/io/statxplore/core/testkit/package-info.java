/**
 * The SQL test kit (core's test-jar): SQL over any adapter, planned as the driver plans it, with
 * the rows, the requests sent, the plan, its warnings and failures checked fluently
 * ({@link io.statxplore.core.testkit.SqlKit}, {@link io.statxplore.core.testkit.QueryCheck}).
 * Each adapter module tests its own SQL behaviour with it; it depends on core alone.
 */
package io.statxplore.core.testkit;
