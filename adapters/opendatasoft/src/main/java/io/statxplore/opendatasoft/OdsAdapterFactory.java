package io.statxplore.opendatasoft;

import io.statxplore.core.adapter.AdapterContext;
import io.statxplore.core.adapter.ApiAdapter;
import io.statxplore.core.adapter.CubeAdapterFactory;
import io.statxplore.core.adapter.DemoServer;
import io.statxplore.core.http.Secret;
import io.statxplore.opendatasoft.emulator.OdsEmulator;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.Optional;

/** {@code api=opendatasoft}: any OpenDataSoft portal through its Explore API v2.1. */
public final class OdsAdapterFactory implements CubeAdapterFactory {
  /** The emulator checks keys like a private portal; a demo connection sends this one. */
  private static final String DEMO_KEY = "demo";

  @Override public String api() {
    return "opendatasoft";
  }

  @Override public String defaultUrl() {
    return "https://public.opendatasoft.com";
  }

  @Override public String defaultSchema() {
    return "opendatasoft";
  }

  @Override public String keyEnvironmentVariable() {
    return "ODS_APIKEY";
  }

  /** odsclient's {@code apikey_filepath} default, relative to the working directory. */
  @Override public List<String> defaultKeyFiles() {
    return List.of("ods.apikey");
  }

  /** As odsclient: the key file is read before {@code ODS_APIKEY}. */
  @Override public boolean keyFilesBeforeEnvironment() {
    return true;
  }

  /** As odsclient's {@code platform_id}. */
  @Override public Optional<String> platformUrl(String platform) {
    return Optional.of("https://" + platform + ".opendatasoft.com");
  }

  @Override public @Nullable String keyFromEnvironment(String value, String baseUrl) {
    return OdsKeys.fromEnvironment(value, baseUrl);
  }

  @Override public ApiAdapter create(AdapterContext context) {
    return new OdsAdapter(context);
  }

  /** The bundled {@link OdsEmulator}. */
  @Override public Optional<DemoServer> startDemo() {
    final OdsEmulator emulator = OdsEmulator.builder().apiKey(DEMO_KEY).start();
    return Optional.of(new DemoServer(emulator.baseUrl(), Secret.of(DEMO_KEY), emulator));
  }
}
