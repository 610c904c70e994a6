/**
 * What an adapter module implements or is given: the {@link io.statxplore.core.spi.AdapterFactory}
 * that {@link java.util.ServiceLoader} finds (its settings, key sources, demo emulator and
 * command-line commands), the {@link io.statxplore.core.spi.ApiAdapter} it creates for a
 * connection from an {@link io.statxplore.core.spi.AdapterContext}, the tables it lists, and the
 * naming rule for columns. Nothing here plans or runs a query.
 */
package io.statxplore.core.spi;
