package io.statxplore.cubes;

import io.statxplore.core.http.KeyTransport;
import io.statxplore.core.http.Secret;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.DemoServer;
import io.statxplore.core.spi.KeySource;
import io.statxplore.core.spi.Setting;
import io.statxplore.cubes.emulator.CubesEmulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code api=cubes}: OpenSpending v2 ({@code /api/2}), OpenSpending's babbage ({@code /api/3}) and
 * DataBrewery Cubes servers, the flavor given or detected from the server.
 */
public final class CubesAdapterFactory implements AdapterFactory {
  static final Setting FLAVOR = new Setting("flavor", null, "The server's API: openspending-v2 (/api/2/aggregate),"
      + " babbage (OpenSpending /api/3) or cubes (DataBrewery Cubes); detected from the server when absent",
      List.of("openspending-v2", "babbage", "cubes"), false);

  /** The demo emulator takes this key as its datasets' owner's. */
  private static final String DEMO_KEY = "demo";

  @Override public String api() {
    return "cubes";
  }

  @Override public String description() {
    return "OpenSpending (v2 and babbage /api/3) and DataBrewery Cubes servers";
  }

  @Override public String defaultUrl() {
    return "https://openspending.org";
  }

  @Override public String defaultSchema() {
    return "cubes";
  }

  @Override public List<Setting> settings() {
    return List.of(FLAVOR);
  }

  /** The driver's properties, then {@code OPENSPENDING_API_KEY}. */
  @Override public List<KeySource> keySources() {
    final List<KeySource> sources = new ArrayList<>(KeySource.GIVEN);
    sources.add(new KeySource.Environment("OPENSPENDING_API_KEY"));
    return sources;
  }

  /** {@code Authorization: ApiKey <key>}, as OpenSpending's API conventions say. */
  @Override public KeyTransport keyTransport() {
    return KeyTransport.header("Authorization", "ApiKey ");
  }

  @Override public ApiAdapter create(AdapterContext context) {
    return new CubesAdapter(context);
  }

  /** The bundled {@link CubesEmulator}, speaking all three flavors (detection picks babbage). */
  @Override public Optional<DemoServer> startDemo() {
    final CubesEmulator emulator = CubesEmulator.builder().apiKey(DEMO_KEY).start();
    return Optional.of(new DemoServer(emulator.baseUrl(), Secret.of(DEMO_KEY), emulator));
  }
}
