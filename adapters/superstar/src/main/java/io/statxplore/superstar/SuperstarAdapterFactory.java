package io.statxplore.superstar;

import io.statxplore.core.http.KeyTransport;
import io.statxplore.core.http.Secret;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.CommandHost;
import io.statxplore.core.spi.DemoServer;
import io.statxplore.core.spi.KeySource;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code api=superstar}, the default: DWP Stat-Xplore unless {@code url} names another server. */
public final class SuperstarAdapterFactory implements AdapterFactory {
  /** The emulator checks keys like the real API; a demo connection sends this one. */
  private static final String DEMO_KEY = "demo";

  @Override public String api() {
    return "superstar";
  }

  @Override public String description() {
    return "Stat-Xplore, STATcube, any SuperSTAR Open Data API";
  }

  @Override public String defaultUrl() {
    return "https://stat-xplore.dwp.gov.uk/webapi/rest/v1";
  }

  @Override public String defaultSchema() {
    return "statxplore";
  }

  /** The driver's properties, then {@code STATXPLORE_API_KEY}, then the files of the Python harvester. */
  @Override public List<KeySource> keySources() {
    final List<KeySource> sources = new ArrayList<>(KeySource.GIVEN);
    sources.add(new KeySource.Environment("STATXPLORE_API_KEY"));
    sources.add(new KeySource.File("~/.statxplore/apikey"));
    sources.add(new KeySource.File("~/configs/stat_explore.txt"));
    return sources;
  }

  @Override public KeyTransport keyTransport() {
    return KeyTransport.header("APIKey", "");
  }

  @Override public SuperstarAdapter create(AdapterContext context) {
    return new SuperstarAdapter(context);
  }

  /** {@code harvest} (the Python harvester's job), {@code schema}, {@code info} and {@code rate-limit}. */
  @Override public List<Object> commands(CommandHost host) {
    return List.of(new HarvestCommand(host), new MetadataCommands.Schema(host), new MetadataCommands.Info(host),
        new MetadataCommands.RateLimit(host));
  }

  /** The bundled {@link SuperstarEmulator}. */
  @Override public Optional<DemoServer> startDemo() {
    final SuperstarEmulator emulator = SuperstarEmulator.builder().apiKey(DEMO_KEY).start();
    return Optional.of(new DemoServer(emulator.baseUrl(), Secret.of(DEMO_KEY), emulator));
  }
}
