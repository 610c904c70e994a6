package io.statxplore.opendatasoft.emulator;

import io.statxplore.opendatasoft.emulator.Dataset.FieldDef;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The emulator's bundled datasets: synthetic, generated from fixed seeds, so every run sees the same. */
public final class SyntheticData {
  private static final String[][] COUNTRIES = {
      {"FR", "France", "Europe/Paris"}, {"DE", "Germany", "Europe/Berlin"}, {"BE", "Belgium", "Europe/Brussels"},
      {"IT", "Italy", "Europe/Rome"}, {"ES", "Spain", "Europe/Madrid"}, {"GB", "United Kingdom", "Europe/London"},
      {"US", "United States", "America/New_York"}, {"MX", "Mexico", "America/Mexico_City"}};
  private static final String[] SYLLABLES = {"sa", "int", "le", "ber", "mon", "ville", "ka", "ro", "na", "dor",
      "lin", "bu", "mar", "tes", "o", "gra"};
  private static final String[] POLLUTANTS = {"NO2", "PM10", "PM2.5", "O3"};

  private SyntheticData() {
  }

  /** The bundled datasets. */
  public static List<Dataset> datasets() {
    return List.of(cities(), airQuality());
  }

  /** {@code world-cities}: 3,000 towns, with a geo point, a multivalued field and missing elevations. */
  static Dataset cities() {
    final Random r = new Random(4);
    final List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      final String[] country = COUNTRIES[r.nextInt(COUNTRIES.length)];
      final String name = word(r) + (r.nextInt(4) == 0 ? "-" + word(r) : "");
      final Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("geoname_id", String.valueOf(2_000_000 + i * 7));
      rec.put("name", name);
      rec.put("country_code", country[0]);
      rec.put("cou_name_en", country[1]);
      rec.put("population", (long) (1000 + Math.pow(r.nextDouble(), 4) * 2_000_000));
      rec.put("elevation", r.nextInt(5) == 0 ? null : Math.round(r.nextDouble() * 25_000) / 10.0);
      rec.put("modification_date", LocalDate.of(2015, 1, 1).plusDays(r.nextInt(3000)).toString());
      rec.put("capital", r.nextInt(50) == 0);
      rec.put("timezone", country[2]);
      rec.put("alternate_names", r.nextInt(3) == 0 ? null : List.of(name.toUpperCase(), name + " " + word(r)));
      rec.put("coordinates", Map.of("lat", Math.round((r.nextDouble() * 120 - 50) * 1e5) / 1e5,
          "lon", Math.round((r.nextDouble() * 300 - 150) * 1e5) / 1e5));
      records.add(rec);
    }
    return new Dataset("world-cities", "World cities (synthetic)",
        "<p>Towns with a population over 1000, <b>synthetic</b>, in the shape of geonames-all-cities.</p>",
        List.of(new FieldDef("geoname_id", "Geoname ID", "text", null, false),
            new FieldDef("name", "Name", "text", null, false),
            new FieldDef("country_code", "Country Code", "text", null, false),
            new FieldDef("cou_name_en", "Country name EN", "text", null, false),
            new FieldDef("population", "Population", "int", null, false),
            new FieldDef("elevation", "Elevation", "double", "metres above sea level", false),
            new FieldDef("modification_date", "Modification date", "date", null, false),
            new FieldDef("capital", "Capital", "boolean", null, false),
            new FieldDef("timezone", "Timezone", "text", null, false),
            new FieldDef("alternate_names", "Alternate Names", "text", null, true),
            new FieldDef("coordinates", "Coordinates", "geo_point_2d", null, false)),
        records);
  }

  /** {@code air-quality}: 4,000 daily measurements, with a field named {@code year}. */
  static Dataset airQuality() {
    final Random r = new Random(7);
    final List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      final int station = r.nextInt(40);
      final LocalDate day = LocalDate.of(2018, 5, 1).plusDays(r.nextInt(365));
      final Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("station_id", "ST" + (100 + station));
      rec.put("city", COUNTRIES[station % COUNTRIES.length][1].equals("France") ? "Paris" : word(new Random(station)));
      rec.put("pollutant", POLLUTANTS[r.nextInt(POLLUTANTS.length)]);
      rec.put("value", r.nextInt(20) == 0 ? null : Math.round(r.nextDouble() * 1500) / 10.0);
      rec.put("measured_on", day.toString());
      rec.put("year", (long) day.getYear());
      rec.put("validated", r.nextInt(4) != 0);
      rec.put("measured_at", LocalDateTime.of(day, java.time.LocalTime.of(r.nextInt(24), 0))
          .atOffset(ZoneOffset.UTC).toString().replace("Z", "+00:00"));
      records.add(rec);
    }
    return new Dataset("air-quality", "Air quality measurements (synthetic)",
        "Daily pollutant concentrations per station, May 2018 to April 2019, in µg/m³.",
        List.of(new FieldDef("station_id", "Station", "text", null, false),
            new FieldDef("city", "City", "text", null, false),
            new FieldDef("pollutant", "Pollutant", "text", null, false),
            new FieldDef("value", "Value", "double", "concentration in µg/m³", false),
            new FieldDef("measured_on", "Date", "date", null, false),
            new FieldDef("year", "Year", "int", null, false),
            new FieldDef("validated", "Validated", "boolean", null, false),
            new FieldDef("measured_at", "Measured at", "datetime", null, false)),
        records);
  }

  private static String word(Random r) {
    final StringBuilder b = new StringBuilder();
    for (int n = 2 + r.nextInt(2); n > 0; n--) {
      b.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    return Character.toUpperCase(b.charAt(0)) + b.substring(1);
  }
}
