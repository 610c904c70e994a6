package io.statxplore.opendatasoft.emulator;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator's wire format: ODSQL over records, grouping, CSV export, key check. */
class OdsEmulatorTest {
  private static OdsEmulator ods;
  private static final OkHttpClient HTTP = new OkHttpClient();

  @BeforeAll static void start() {
    ods = OdsEmulator.builder().apiKey("k").start();
  }

  @AfterAll static void stop() {
    ods.close();
  }

  private static String get(String pathAndQuery, int status) throws IOException {
    try (Response r = HTTP.newCall(new Request.Builder().url(ods.baseUrl() + OdsEmulator.API + pathAndQuery)
        .header("Authorization", "Apikey k").build()).execute()) {
      assertEquals(status, r.code(), pathAndQuery);
      return r.body().string();
    }
  }

  @Test void whereSelectGroupByOrderBy() throws IOException {
    final long fr = ods.datasets().get("world-cities").records().stream()
        .filter(r -> r.get("country_code").equals("FR")).count();
    final String body = get("/catalog/datasets/world-cities/records?select=country_code,count(*)%20as%20n"
        + "&where=country_code%20in%20%5B%22FR%22..%22FR%22%5D%20or%20not%20country_code%20=%20%22FR%22"
        + "&group_by=country_code&order_by=n%20desc&limit=100", 200);
    assertTrue(body.contains("{\"country_code\":\"FR\",\"n\":" + fr + "}"), body);
  }

  @Test void csvExportHasAHeaderAndQuotesWhereNeeded() throws IOException {
    final String csv = get("/catalog/datasets/world-cities/exports/csv?select=name,coordinates,alternate_names"
        + "&where=geoname_id=%222000000%22", 200);
    final String[] lines = csv.split("\r\n");
    assertEquals("name;coordinates;alternate_names", lines[0]);
    assertEquals(2, lines.length, csv);
    assertTrue(lines[1].matches("[^;]+;-?[0-9.]+,-?[0-9.]+;.*"), lines[1]);
  }

  @Test void malformedOdsqlAndMissingKey() throws IOException {
    assertTrue(get("/catalog/datasets/world-cities/records?where=population%20%3E", 400)
        .contains("\"error_code\":\"ODSQLError\""));
    try (Response r = HTTP.newCall(new Request.Builder().url(ods.baseUrl() + OdsEmulator.API + "/catalog/datasets")
        .build()).execute()) {
      assertEquals(401, r.code());
      assertEquals("{\"error\":\"API key is not valid\"}", r.body().string());
    }
  }
}
