/**
 * The cube path, for APIs that answer aggregates over cells (SuperSTAR, Protari): what a cube
 * adapter implements and sees ({@link io.statxplore.core.cube.CubeAdapter},
 * {@link io.statxplore.core.cube.CubeQuery}, the table, dimension and measure metadata, the cell
 * stream), the rules and operators that push SQL into one {@code CubeQuery}, its planning, and the
 * runner that sends it (split into parts where it is too large) and checks and assembles the
 * answer into rows.
 */
package io.statxplore.core.cube;
