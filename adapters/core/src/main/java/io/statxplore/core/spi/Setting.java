package io.statxplore.core.spi;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A connection property an adapter declares, beside the driver's own: the driver lists it (e.g.
 * in {@code Driver.getPropertyInfo}), checks its value when a connection opens (no control
 * characters; one of the choices, if it has any), and hands it to the adapter in
 * {@link AdapterContext#settings()}, or, for a secret, {@link AdapterContext#secretSettings()},
 * redacted wherever it could show.
 *
 * @param name the property's name; matched ignoring case
 * @param defaultValue its value when the connection gives none, or null for none
 * @param description what it is, for a tool's property grid
 * @param choices the values it may take (ignoring case), or empty for any
 * @param secret whether the value is a secret: never shown, not even in a message about a bad value
 */
public record Setting(String name, @Nullable String defaultValue, String description, List<String> choices,
    boolean secret) {
  public Setting {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    choices = List.copyOf(choices);
  }

  /** A setting of any text, without default. */
  public static Setting text(String name, String description) {
    return new Setting(name, null, description, List.of(), false);
  }

  /** A secret setting, without default. */
  public static Setting secret(String name, String description) {
    return new Setting(name, null, description, List.of(), true);
  }
}
