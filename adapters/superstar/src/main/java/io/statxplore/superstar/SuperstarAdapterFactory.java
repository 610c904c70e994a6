package io.statxplore.superstar;

import io.statxplore.core.adapter.AdapterContext;
import io.statxplore.core.adapter.CubeAdapter;
import io.statxplore.core.adapter.CubeAdapterFactory;

import java.util.List;

/** {@code api=superstar}, the default: DWP Stat-Xplore unless {@code url} names another server. */
public final class SuperstarAdapterFactory implements CubeAdapterFactory {
  @Override public String api() {
    return "superstar";
  }

  @Override public String defaultUrl() {
    return "https://stat-xplore.dwp.gov.uk/webapi/rest/v1";
  }

  @Override public String defaultSchema() {
    return "statxplore";
  }

  @Override public String keyEnvironmentVariable() {
    return "STATXPLORE_API_KEY";
  }

  @Override public List<String> defaultKeyFiles() {
    return List.of("~/.statxplore/apikey", "~/configs/stat_explore.txt");
  }

  @Override public CubeAdapter create(AdapterContext context) {
    return new SuperstarAdapter(context);
  }
}
