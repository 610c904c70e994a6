/**
 * What the cube and record paths share, and the Calcite glue around them: the schema of an
 * adapter's tables and the metadata tables' remarks, statement preparation with the driver's
 * checks ({@link io.statxplore.core.engine.EnginePrepare}), the local-aggregation policy, the
 * answers of one execution ({@link io.statxplore.core.engine.Execution}), and rule plumbing.
 * It knows neither path.
 */
package io.statxplore.core.engine;
