package io.statxplore.opendatasoft;

import io.statxplore.core.http.Secret;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.DemoServer;
import io.statxplore.opendatasoft.emulator.OdsEmulator;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code api=opendatasoft}: any OpenDataSoft portal through its Explore API v2.1. */
public final class OdsAdapterFactory implements AdapterFactory {
  /** The emulator checks keys like a private portal; a demo connection sends this one. */
  private static final String DEMO_KEY = "demo";
  private static final Pattern PLATFORM_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

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

  /**
   * As odsclient's {@code platform_id}, which must be one DNS label: anything else (a port, a
   * path, a second host name) could send the key somewhere other than an OpenDataSoft portal.
   */
  @Override public Optional<String> platformUrl(String platform) {
    if (!PLATFORM_ID.matcher(platform).matches()) {
      throw new IllegalArgumentException("platform must be an OpenDataSoft platform id such as 'public' (letters,"
          + " digits and inner '-', at most 63), not '" + platform + "'; give url for any other portal");
    }
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
