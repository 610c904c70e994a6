package io.statxplore.opendatasoft;

import io.statxplore.core.http.KeyTransport;
import io.statxplore.core.http.Secret;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.DemoServer;
import io.statxplore.core.spi.KeySource;
import io.statxplore.core.spi.Setting;
import io.statxplore.opendatasoft.emulator.OdsEmulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code api=opendatasoft}: any OpenDataSoft portal through its Explore API v2.1. */
public final class OdsAdapterFactory implements AdapterFactory {
  /** As odsclient's {@code platform_id}: the portal {@code https://<platform>.opendatasoft.com}. */
  static final Setting PLATFORM = Setting.text("platform", "Platform id (letters, digits, inner -) giving"
      + " url=https://<platform>.opendatasoft.com, as odsclient's platform_id; url wins");
  /** The realtime push key that {@code INSERT} sends ({@link OdsPush}). */
  static final Setting PUSH_KEY = Setting.secret("pushKey", "Realtime push key for INSERT: one key, or"
      + " dataset_id:key pairs separated by commas. Never shown");

  /** The emulator checks keys like a private portal; a demo connection sends this one. */
  private static final String DEMO_KEY = "demo";
  private static final Pattern PLATFORM_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  @Override public String api() {
    return "opendatasoft";
  }

  @Override public String description() {
    return "any OpenDataSoft portal";
  }

  @Override public String defaultUrl() {
    return "https://public.opendatasoft.com";
  }

  /**
   * The {@code platform}'s portal, if one is named. It must be one DNS label, as odsclient's
   * {@code platform_id}: anything else (a port, a path, a second host name) could send the key
   * somewhere other than an OpenDataSoft portal.
   */
  @Override public String baseUrl(Map<String, String> settings) {
    final String platform = settings.get(PLATFORM.name());
    if (platform == null) {
      return defaultUrl();
    }
    if (!PLATFORM_ID.matcher(platform).matches()) {
      throw new IllegalArgumentException("platform must be an OpenDataSoft platform id such as 'public' (letters,"
          + " digits and inner '-', at most 63), not '" + platform + "'; give url for any other portal");
    }
    return "https://" + platform + ".opendatasoft.com";
  }

  @Override public String defaultSchema() {
    return "opendatasoft";
  }

  @Override public List<Setting> settings() {
    return List.of(PLATFORM, PUSH_KEY);
  }

  /**
   * As odsclient: the driver's properties, then its {@code apikey_filepath} default relative to
   * the working directory, then {@code ODS_APIKEY}, plain or keyed by platform and URL.
   */
  @Override public List<KeySource> keySources() {
    final List<KeySource> sources = new ArrayList<>(KeySource.GIVEN);
    sources.add(new KeySource.File("ods.apikey"));
    sources.add(new KeySource.Environment("ODS_APIKEY", OdsKeys::fromEnvironment));
    return sources;
  }

  @Override public KeyTransport keyTransport() {
    return KeyTransport.header("Authorization", "Apikey ");
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
