package io.statxplore.cubes.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bundled budget data in the shape of HM Treasury's Country Regional Analysis: spending by
 * year, region, COFOG levels 1 to 3, paying department and recipient, generated from a fixed seed
 * so that every run serves the same entries. Amounts are whole pounds, so that sums are exact in
 * any order.
 */
public final class BudgetData {
  private static final String[][] REGIONS = {
      {"UKC", "North East"}, {"UKD", "North West"}, {"UKE", "Yorkshire and the Humber"},
      {"UKF", "East Midlands"}, {"UKG", "West Midlands"}, {"UKH", "East of England"}, {"UKI", "London"},
      {"UKJ", "South East"}, {"UKK", "South West"}, {"UKL", "Wales"}, {"UKM", "Scotland"},
      {"UKN", "Northern Ireland"}};
  private static final String[][] COFOG1 = {
      {"01", "General public services"}, {"02", "Defence"}, {"03", "Public order and safety"},
      {"04", "Economic affairs"}, {"05", "Environment protection"}, {"06", "Housing and community amenities"},
      {"07", "Health"}, {"08", "Recreation, culture and religion"}, {"09", "Education"},
      {"10", "Social protection"}};
  /** Departments; their codes hold '-', which the Cubes cut syntax escapes. */
  private static final String[][] FROM = {
      {"dept-dh", "Department of Health"}, {"dept-dfe", "Department for Education"},
      {"dept-mod", "Ministry of Defence"}, {"dept-dwp", "Department for Work and Pensions"},
      {"dept-ho", "Home Office"}, {"dept-dft", "Department for Transport"},
      {"dept-dcms", "Department for Culture, Media and Sport"}, {"dept-hmt", "HM Treasury"}};
  private static final String[][] TO = {
      {"society", "Society (the General Public)"}, {"lg", "Local government"}, {"pc", "Public corporations"}};

  private BudgetData() {
  }

  /** The two bundled datasets: the full analysis and a small one for another country. */
  public static List<Dataset> datasets() {
    return List.of(
        generate("ukgov-finances-cra", "Country Regional Analysis v2009",
            "The Country Regional Analysis published by HM Treasury.", "GBP", List.of("GB"), 3000, 2005, 6, 17),
        generate("cra-wales-2010", "CRA Wales 2010 (sample)",
            "A small sample of regional spending, for joins and listings.", "GBP", List.of("GB"), 240, 2008, 3, 5));
  }

  /** The dimensions every bundled dataset has, in order. */
  static List<Dimension> dimensions() {
    final List<Dimension> dims = new ArrayList<>();
    dims.add(new Dimension("time", "Tax year", "The accounting period in which the spending happened",
        List.of(new Attribute("year", "Year", "integer")), "year", "year"));
    dims.add(coded("region", "Region", "NUTS 1 region of the spending"));
    dims.add(coded("cofog1", "COFOG level 1", "Classification Of Function Of Government, level 1"));
    dims.add(coded("cofog2", "COFOG level 2", "Classification Of Function Of Government, level 2"));
    dims.add(coded("cofog3", "COFOG level 3", "Classification Of Function Of Government, level 3"));
    dims.add(coded("from", "Paid by", "The entity that the money was paid from"));
    dims.add(coded("to", "Paid to", "The entity that the money was paid to"));
    return dims;
  }

  private static Dimension coded(String name, String label, String description) {
    return new Dimension(name, label, description,
        List.of(new Attribute("name", "Name", "string"), new Attribute("label", "Label", "string")), "name", "label");
  }

  private static Dataset generate(String name, String label, String description, String currency,
      List<String> territories, int count, int firstYear, int years, long seed) {
    final Random random = new Random(seed);
    final List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      final Map<String, Object> v = new LinkedHashMap<>();
      v.put("time.year", (long) (firstYear + random.nextInt(years)));
      put(v, "region", REGIONS[random.nextInt(REGIONS.length)]);
      final int c1 = random.nextInt(COFOG1.length);
      final int c2 = random.nextInt(3) + 1;
      final int c3 = random.nextInt(2) + 1;
      put(v, "cofog1", COFOG1[c1]);
      put(v, "cofog2", new String[] {COFOG1[c1][0] + "." + c2, COFOG1[c1][1] + " (group " + c2 + ")"});
      put(v, "cofog3", new String[] {COFOG1[c1][0] + "." + c2 + "." + c3,
          COFOG1[c1][1] + " (group " + c2 + ", class " + c3 + ")"});
      put(v, "from", FROM[random.nextInt(FROM.length)]);
      put(v, "to", TO[random.nextInt(TO.length)]);
      // Whole pounds up to ten million; a few negative adjustments, as in real budgets.
      final long amount = random.nextInt(20) == 0 ? -random.nextInt(50_000) : random.nextInt(10_000_000);
      entries.add(new Entry(name + "-" + Integer.toHexString(0x10000 + i), v, amount));
    }
    return new Dataset(name, label, description, currency, territories, dimensions(), entries);
  }

  private static void put(Map<String, Object> values, String dim, String[] member) {
    values.put(dim + ".name", member[0]);
    values.put(dim + ".label", member[1]);
  }

  /** An attribute of a dimension; {@code datatype} is {@code string} or {@code integer}. */
  public record Attribute(String name, String label, String datatype) { }

  /** A dimension: its attributes, the one that identifies a member, and the one that names it. */
  public record Dimension(String name, String label, String description, List<Attribute> attributes,
      String key, String labelAttribute) {
    public String ref(Attribute a) {
      return name + "." + a.name();
    }
  }

  /**
   * One spending entry.
   *
   * @param values attribute values by reference {@code dimension.attribute}
   * @param amount the amount, in whole units of the currency
   */
  public record Entry(String id, Map<String, Object> values, double amount) { }

  /** A dataset (a cube). */
  public record Dataset(String name, String label, String description, String currency, List<String> territories,
      List<Dimension> dimensions, List<Entry> entries) {
    public Dimension dimension(String dim) {
      return dimensions.stream().filter(d -> d.name().equals(dim)).findFirst().orElse(null);
    }
  }
}
