package io.statxplore.protari;

import io.statxplore.core.http.KeyTransport;
import io.statxplore.core.http.Secret;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.DemoServer;
import io.statxplore.core.spi.KeySource;
import io.statxplore.core.spi.Setting;
import io.statxplore.protari.emulator.ProtariEmulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code api=protari}: any Protari API (CSIRO Data61's privacy-preserving aggregation service). */
public final class ProtariAdapterFactory implements AdapterFactory {
  /** The emulator checks keys like the real API; a demo connection sends this one. */
  private static final String DEMO_KEY = "demo";
  /** The setting that picks how the key is sent. */
  static final String AUTH_SCHEME = "authScheme";

  @Override public String api() {
    return "protari";
  }

  @Override public String description() {
    return "any Protari API (privacy-protected aggregates)";
  }

  /** The guide's development default; a real deployment is named by {@code url}. */
  @Override public String defaultUrl() {
    return "http://localhost:8080/v1";
  }

  @Override public String defaultSchema() {
    return "protari";
  }

  @Override public List<Setting> settings() {
    return List.of(new Setting(AUTH_SCHEME, "protari", "How the key is sent: 'protari' as Authorization: Protari"
        + " key=<key> (database keys), 'bearer' as Authorization: Bearer <token> (OpenID Connect)",
        List.of("protari", "bearer"), false));
  }

  /** The driver's properties, then {@code PROTARI_API_KEY}. */
  @Override public List<KeySource> keySources() {
    final List<KeySource> sources = new ArrayList<>(KeySource.GIVEN);
    sources.add(new KeySource.Environment("PROTARI_API_KEY"));
    return sources;
  }

  @Override public KeyTransport keyTransport() {
    return KeyTransport.header("Authorization", "Protari key=");
  }

  @Override public ProtariAdapter create(AdapterContext context) {
    return new ProtariAdapter(context);
  }

  /** The bundled {@link ProtariEmulator}. */
  @Override public Optional<DemoServer> startDemo() {
    final ProtariEmulator emulator = ProtariEmulator.start(DEMO_KEY);
    return Optional.of(new DemoServer(emulator.baseUrl(), Secret.of(DEMO_KEY), emulator));
  }
}
