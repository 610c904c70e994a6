package io.statxplore.superstar.emulator;

import io.statxplore.superstar.emulator.Cube.Field;
import io.statxplore.superstar.emulator.Cube.Measure;
import io.statxplore.superstar.emulator.Cube.Statistic;
import io.statxplore.superstar.emulator.Cube.Value;
import io.statxplore.superstar.emulator.Cube.ValueSet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * The emulator's databases: record-level synthetic data in the shape (and with the URIs and
 * labels) of Stat-Xplore's UC_Households, UC_Monthly, CILIF_REL and hb_new, plus a PIP database,
 * generated from a fixed seed so every run answers the same.
 */
final class SyntheticData {
  static final String UC_FOLDER = "str:folder:fuc";
  static final String CHILDREN_FOLDER = "str:folder:fcilif";
  static final String RELATIVE_FOLDER = "str:folder:fcilif_rel";
  static final String DISABILITY_FOLDER = "str:folder:fdis";
  static final String HOUSING_FOLDER = "str:folder:fhb";

  private static final String[][] REGIONS = {
      {"E12000001", "North East"}, {"E12000002", "North West"}, {"E12000003", "Yorkshire and The Humber"},
      {"E12000004", "East Midlands"}, {"E12000005", "West Midlands"}, {"E12000006", "East of England"},
      {"E12000007", "London"}, {"E12000008", "South East"}, {"E12000009", "South West"}};
  private static final double[] REGION_WEIGHT = {0.8, 2.2, 1.6, 1.1, 1.6, 1.2, 2.6, 1.7, 1.0};
  private static final String[][] FAMILIES = {
      {"1", "Single, no child dependant"}, {"2", "Single, with child dependant(s)"},
      {"3", "Couple, no child dependant"}, {"4", "Couple, with child dependant(s)"},
      {"99", "Unknown or missing family type"}};
  private static final double[] FAMILY_WEIGHT = {6, 3, 0.8, 1.6, 0.02};
  private static final String[][] AGE_BANDS = {
      {"1", "Under 25"}, {"2", "25 to 34"}, {"3", "35 to 44"}, {"4", "45 to 49"}, {"5", "50 to 54"},
      {"6", "55 to 59"}, {"7", "60 to 64"}, {"8", "65 to 69"}, {"9", "70 plus"}};
  private static final double[] AGE_WEIGHT = {0.9, 1.6, 1.5, 0.8, 0.8, 0.8, 0.8, 0.7, 1.4};
  private static final String NIL_NOTE =
      "\"..\" denotes a nil or negligible number of claimants or award amount based on a nil or negligible number"
          + " of claimants.";
  private static final String[][] CONSTITUENCIES = readConstituencies();
  /** Built once: the records are deterministic and never change, and several emulators may run at once. */
  private static final List<Cube> CUBES = List.of(ucHouseholds(), ucMonthly(), cilifRel(), pip(), hbNew());

  private SyntheticData() {
  }

  static List<Cube> cubes() {
    return CUBES;
  }

  /** The small-area table, built on first use: only benchmarks need its millions of records. */
  static Cube smallAreas() {
    return SmallAreas.CUBE;
  }

  private static final class SmallAreas {
    static final Cube CUBE = ucSmallAreas();
  }

  /**
   * People on Universal Credit by 5,000 small areas, 100 months, gender and four age bands:
   * 4,000,000 cells at the finest grain, 1,000,000 without the age bands.
   */
  private static Cube ucSmallAreas() {
    final String db = "UC_SmallAreas";
    final String fact = "V_F_UC_CASELOAD_LSOA";
    final String[][] areas = new String[5000][];
    for (int i = 0; i < areas.length; i++) {
      areas[i] = new String[] {String.format("E01%06d", i + 1), "Small area " + (i + 1)};
    }
    final Field area = single(db, fact, "LSOA_CODE", "V_C_MASTERGEOG11_LSOA", "Small Area", areas);
    final List<Value> months = dates(db, "F_UC_DATE", "DATE_NAME", "C_UC_DATE", YearMonth.of(2015, 5), 100, 1,
        "MMMM yyyy", 0);
    final Field month = new Field(field(db, "F_UC_DATE", "DATE_NAME"), "Month",
        List.of(new ValueSet(vs(db, "F_UC_DATE", "DATE_NAME", "C_UC_DATE"), "Month", months, identity(100))), null);
    final Field gender = single(db, fact, "GENDER", "C_UC_GENDER", "Gender",
        new String[][] {{"F", "Female"}, {"M", "Male"}});
    final Field age = single(db, fact, "AGE_BAND", "C_UC_AGE_BAND", "Age (bands)",
        new String[][] {{"1", "16-24"}, {"2", "25-34"}, {"3", "35-49"}, {"4", "50 and over"}});
    return generate(db, "People on Universal Credit by small area", UC_FOLDER, fact, "People on Universal Credit",
        List.of(area, month, gender, age), List.of(), Map.of(), new Random(16), 0.5,
        v -> (0.4 + 0.012 * v[1]) * (0.6 + (v[0] % 9) / 8.0), null);
  }

  private static Cube ucHouseholds() {
    final String db = "UC_Households";
    final String fact = "V_F_UC_HOUSEHOLDS";
    final List<Value> regions = values(db, fact, "COA_CODE", "V_C_MASTERGEOG11_REGION_TO_COUNTRY", REGIONS);
    final ValueSet region = new ValueSet(vs(db, fact, "COA_CODE", "V_C_MASTERGEOG11_REGION_TO_COUNTRY"), "Region",
        regions, identity(regions.size()));
    final ValueSet country = new ValueSet(vs(db, fact, "COA_CODE", "V_C_MASTERGEOG11_COUNTRY"), "Country",
        values(db, fact, "COA_CODE", "V_C_MASTERGEOG11_COUNTRY", new String[][] {{"E92000001", "England"}}),
        new int[regions.size()]);
    final Field geography = new Field(field(db, fact, "COA_CODE"), "National - Regional - LA - OAs",
        List.of(region, country), null);
    // The real 2019 responses mark May to August 2018 as revised ("r").
    final Field month = months(db, "F_UC_DATE", 4);
    final Field family = single(db, fact, "HNFAMILY_TYPE", "C_UC_FAMILY_TYPE", "Family Type", FAMILIES);
    final String payment = "str:measure:" + db + ":" + fact + ":HNTOTAL_PAYMENT_AMOUNT";
    final Measure amount = new Measure(payment, "Payment Amount", List.of(
        statistic(payment, "MEAN", "Mean of Payment Amount"), statistic(payment, "SUM", "Sum of Payment Amount")));
    final Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("I", "A limited test of the full Universal Credit service was launched in Sutton, South London"
        + " on 26th November 2014, and has expanded to other areas since. This publication now includes statistics"
        + " covering both the live and full Universal Credit service. Please see"
        + " https://www.gov.uk/government/publications/universal-credit-transition-to-full-service for details of"
        + " the areas in which the full Universal Credit service is operating.");
    annotations.put("II", "Data for more recent months will be subject to a higher degree of revision. Universal"
        + " Credit award amounts may be retrospectively revised.");
    annotations.put("III", "Monthly award amounts include any awards due to entitlement such as the standard"
        + " allowance or housing entitlement plus any advance payments. Advance payments will normally be"
        + " recovered during subsequent assessment periods.");
    annotations.put("IV", "Award, entitlement and payment information may be missing for a very small number of"
        + " households on Universal Credit, where more limited information is entered onto IT systems.");
    annotations.put("V", NIL_NOTE);
    annotations.put("r", "Figures marked \"r\" have been revised since the previous release.");
    final Random random = new Random(11);
    return generate(db, "Households on Universal Credit", UC_FOLDER, fact, "Households on Universal Credit",
        List.of(geography, month, family), List.of(amount), annotations, random, 80,
        v -> REGION_WEIGHT[v[0]] * (1 + 0.04 * v[1]) * FAMILY_WEIGHT[v[2]],
        (v, r) -> 300 + 120 * v[2] + 60 * v[0] % 3 + r.nextGaussian() * 90);
  }

  private static Cube ucMonthly() {
    final String db = "UC_Monthly";
    final String fact = "V_F_UC_CASELOAD_FULL";
    final Field month = months(db, "F_UC_DATE", 0);
    final Field constituency = constituencies(db, fact);
    final Field employment = single(db, fact, "EMPLOYMENT_CODE", "C_UC_EMPLOYMENT", "Employment indicator",
        new String[][] {{"0", "Not in employment"}, {"1", "In employment"}});
    final Field gender = single(db, fact, "GENDER", "C_UC_GENDER", "Gender",
        new String[][] {{"F", "Female"}, {"M", "Male"}});
    return generate(db, "People on Universal Credit", UC_FOLDER, fact, "People on Universal Credit",
        List.of(month, constituency, employment, gender), List.of(), Map.of(), new Random(12), 3,
        v -> (1 + 0.03 * v[0]) * (v[2] == 0 ? 1.8 : 1.0) * (0.6 + (v[1] % 7) / 7.0), null);
  }

  private static Cube cilifRel() {
    final String db = "CILIF_REL";
    final String fact = "V_F_CILIF_REL";
    final Field constituency = constituencies(db, fact);
    final List<Value> years = new ArrayList<>();
    for (int y = 2014; y <= 2019; y++) {
      years.add(new Value(value(db, "F_CILIF_DATE", "DATE_NAME", "C_CILIF_YEAR", String.valueOf(y)),
          String.valueOf(y), y + "/" + String.valueOf(y + 1).substring(2) + " (FYE " + (y + 1) + ")", List.of()));
    }
    final Field year = new Field(field(db, "F_CILIF_DATE", "DATE_NAME"), "Year",
        List.of(new ValueSet(vs(db, "F_CILIF_DATE", "DATE_NAME", "C_CILIF_YEAR"), "Year", years,
            identity(years.size()))), null);
    final Field age = single(db, fact, "CHILD_AGE", "C_CILIF_AGE", "Age of Child (years and bands)",
        new String[][] {{"1", "0-4"}, {"2", "5-10"}, {"3", "11-15"}, {"4", "16-19"}});
    return generate(db, "Children in Low Income Families: Relative", RELATIVE_FOLDER, fact, "Relative Low Income",
        List.of(constituency, year, age), List.of(), Map.of(), new Random(13), 5,
        v -> (1 + 0.05 * v[1]) * (1 + (v[0] % 5) / 4.0), null);
  }

  private static Cube pip() {
    final String db = "PIP_Monthly";
    final String fact = "V_F_PIP_MONTHLY";
    final String[][] authorities = new String[20][];
    for (int i = 0; i < authorities.length; i++) {
      authorities[i] = new String[] {String.format("E0800%04d", 11 + i), "Local Authority " + (i + 1)};
    }
    // Labels beyond ISO-8859-1, as real ones have: a typographic apostrophe, an en dash, Polish letters.
    authorities[16][1] = "King’s Lynn and West Norfolk";
    authorities[17][1] = "Łódź";
    authorities[18][1] = "Ynys Môn – Anglesey";
    final Field la = new Field(field(db, fact, "LA_CODE"), "Local Authority", List.of(new ValueSet(
        vs(db, fact, "LA_CODE", "V_C_MASTERGEOG11_LA_TO_REGION"), "Local Authority",
        values(db, fact, "LA_CODE", "V_C_MASTERGEOG11_LA_TO_REGION", authorities), identity(authorities.length))),
        "str:group:" + db + ":G_GEOGRAPHY");
    final Field quarter = new Field(field(db, "F_PIP_DATE", "DATE_NAME"), "Quarter", List.of(new ValueSet(
        vs(db, "F_PIP_DATE", "DATE_NAME", "C_PIP_QUARTER"), "Quarter",
        dates(db, "F_PIP_DATE", "DATE_NAME", "C_PIP_QUARTER", YearMonth.of(2022, 1), 8, 3, "MMM-yyyy", 0),
        identity(8))), "str:group:" + db + ":G_TIME");
    final Field gender = single(db, fact, "GENDER", "C_PIP_GENDER", "Gender",
        new String[][] {{"F", "Female"}, {"M", "Male"}});
    final String award = "str:measure:" + db + ":" + fact + ":AWARD_AMOUNT";
    final Measure amount = new Measure(award, "Weekly Award Amount", List.of(
        statistic(award, "MEDIAN", "Median of Weekly Award Amount"),
        statistic(award, "MEAN", "Mean of Weekly Award Amount")));
    return generate(db, "PIP Cases with Entitlement", DISABILITY_FOLDER, fact, "PIP Cases with Entitlement",
        List.of(la, quarter, gender), List.of(amount), Map.of(), new Random(14), 60,
        v -> (1 + 0.02 * v[1]) * (0.5 + (v[0] % 4) / 3.0),
        (v, r) -> Math.round(100 + r.nextDouble() * 120 + (v[2] == 0 ? 8 : 0)));
  }

  /** Housing Benefit claimants by month, constituency and age band, as in the real 635-constituency query. */
  private static Cube hbNew() {
    final String db = "hb_new";
    final String fact = "V_F_HB_NEW";
    final List<Value> months = dates(db, "F_HB_NEW_DATE", "NEW_DATE_NAME", "C_HB_NEW_DATE", YearMonth.of(2018, 4), 8, 1,
        "yyyyMM (MMM-yy)", 0);
    final Field month = new Field(field(db, "F_HB_NEW_DATE", "NEW_DATE_NAME"), "Month", List.of(new ValueSet(
        vs(db, "F_HB_NEW_DATE", "NEW_DATE_NAME", "C_HB_NEW_DATE"), "Month", months, identity(months.size()))), null);
    final Field age = single(db, fact, "AGE_BAND", "V_C_AGE_BAND_2", "Age of Claimant (bands only)", AGE_BANDS);
    return generate(db, "Housing Benefit - Data from April 2018", HOUSING_FOLDER, fact, "Housing Benefit Claimants",
        List.of(month, constituencies(db, fact), age), List.of(), Map.of("XXI", NIL_NOTE), new Random(15), 1.5,
        v -> (1 - 0.01 * v[0]) * (0.7 + (v[1] % 6) / 5.0) * AGE_WEIGHT[v[2]], null);
  }

  /** Amount of one record of a measure, from its value indexes. */
  private interface Amount {
    double of(int[] values, Random random);
  }

  /**
   * A cube whose records are drawn when it is first queried: every combination of base values
   * gets a Poisson-like number of records with mean {@code scale * weight(combination)}.
   */
  private static Cube generate(String id, String label, String folder, String fact, String countLabel,
      List<Field> fields, List<Measure> measures, Map<String, String> annotations, Random random, double scale,
      ToDoubleFunction<int[]> weight, Amount amount) {
    return new Cube(id, label, folder, fact, countLabel, fields, measures, annotations,
        () -> draw(fields, measures, random, scale, weight, amount));
  }

  private static Cube.Records draw(List<Field> fields, List<Measure> measures, Random random, double scale,
      ToDoubleFunction<int[]> weight, Amount amount) {
    final int[] sizes = fields.stream().mapToInt(f -> f.valueSets().get(0).values().size()).toArray();
    // Column arrays grown by doubling: the small-area table has millions of records.
    int[][] values = new int[fields.size()][1024];
    double[][] measureAmounts = new double[measures.size()][1024];
    int records = 0;
    final int[] combo = new int[sizes.length];
    while (true) {
      final double mean = scale * weight.applyAsDouble(combo);
      final int n = (int) Math.max(0, Math.round(mean + random.nextGaussian() * Math.sqrt(mean)));
      for (int i = 0; i < n; i++, records++) {
        if (records == values[0].length) {
          values = grow(values, records * 2);
          measureAmounts = grow(measureAmounts, records * 2);
        }
        for (int f = 0; f < combo.length; f++) {
          values[f][records] = combo[f];
        }
        for (int m = 0; m < measureAmounts.length; m++) {
          measureAmounts[m][records] = Math.max(0, amount.of(combo, random));
        }
      }
      int d = sizes.length - 1;
      while (d >= 0 && ++combo[d] == sizes[d]) {
        combo[d--] = 0;
      }
      if (d < 0) {
        break;
      }
    }
    values = grow(values, records);
    measureAmounts = grow(measureAmounts, records);
    return new Cube.Records(values, measureAmounts);
  }

  private static int[][] grow(int[][] columns, int length) {
    return Arrays.stream(columns).map(c -> Arrays.copyOf(c, length)).toArray(int[][]::new);
  }

  private static double[][] grow(double[][] columns, int length) {
    return Arrays.stream(columns).map(c -> Arrays.copyOf(c, length)).toArray(double[][]::new);
  }

  /** Twelve months from May 2018, the first {@code revised} of them marked "r". */
  private static Field months(String db, String fact, int revised) {
    final List<Value> values = dates(db, fact, "DATE_NAME", "C_UC_DATE", YearMonth.of(2018, 5), 12, 1, "MMMM yyyy",
        revised);
    return new Field(field(db, fact, "DATE_NAME"), "Month",
        List.of(new ValueSet(vs(db, fact, "DATE_NAME", "C_UC_DATE"), "Month", values, identity(values.size()))), null);
  }

  /** Periods {@code step} months apart, coded {@code yyyyMM} and labelled with {@code pattern}. */
  private static List<Value> dates(String db, String fact, String field, String valueSet, YearMonth first, int count,
      int step, String pattern, int revised) {
    final DateTimeFormatter labels = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
    final List<Value> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      final YearMonth period = first.plusMonths((long) i * step);
      final String code = DateTimeFormatter.ofPattern("yyyyMM").format(period);
      values.add(new Value(value(db, fact, field, valueSet, code), code, labels.format(period),
          i < revised ? List.of("r") : List.of()));
    }
    return values;
  }

  /** The constituencies (and Stat-Xplore's "Abroad" and "Unknown" items) in Stat-Xplore's order. */
  private static Field constituencies(String db, String fact) {
    final String valueSet = "V_C_MASTERGEOG11_PARLC_TO_REGION";
    return new Field(field(db, fact, "PARLC_CODE"), "Westminster Parliamentary Constituencies", List.of(
        new ValueSet(vs(db, fact, "PARLC_CODE", valueSet), "Westminster Parliamentary Constituencies",
            values(db, fact, "PARLC_CODE", valueSet, CONSTITUENCIES), identity(CONSTITUENCIES.length))), null);
  }

  private static String[][] readConstituencies() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        SyntheticData.class.getResourceAsStream("constituencies.tsv"), StandardCharsets.UTF_8))) {
      return in.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("\t", 2)).toArray(String[][]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Field single(String db, String fact, String field, String valueSet, String label,
      String[][] codesAndLabels) {
    return new Field(field(db, fact, field), label, List.of(new ValueSet(vs(db, fact, field, valueSet), label,
        values(db, fact, field, valueSet, codesAndLabels), identity(codesAndLabels.length))), null);
  }

  private static List<Value> values(String db, String fact, String field, String valueSet, String[][] codes) {
    final List<Value> values = new ArrayList<>();
    for (String[] c : codes) {
      values.add(new Value(value(db, fact, field, valueSet, c[0]), c[0], c[1], List.of()));
    }
    return values;
  }

  private static Statistic statistic(String measureUri, String function, String label) {
    return new Statistic(measureUri.replace("str:measure:", "str:statfn:") + ":" + function, label, function);
  }

  private static int[] identity(int n) {
    final int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    return ids;
  }

  private static String field(String db, String fact, String field) {
    return "str:field:" + db + ":" + fact + ":" + field;
  }

  private static String vs(String db, String fact, String field, String valueSet) {
    return "str:valueset:" + db + ":" + fact + ":" + field + ":" + valueSet;
  }

  private static String value(String db, String fact, String field, String valueSet, String code) {
    return "str:value:" + db + ":" + fact + ":" + field + ":" + valueSet + ":" + code;
  }
}
