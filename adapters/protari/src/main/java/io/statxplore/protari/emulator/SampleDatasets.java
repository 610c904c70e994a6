package io.statxplore.protari.emulator;

import io.statxplore.protari.emulator.Dataset.ExclusionRule;
import io.statxplore.protari.emulator.Dataset.Noise;
import io.statxplore.protari.emulator.Dataset.Relationship;
import io.statxplore.protari.emulator.Dataset.Resource;
import io.statxplore.protari.emulator.Dataset.Unit;
import io.statxplore.protari.emulator.Field.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The sample datasets of the Protari guide ({@code sample}, {@code sample_longitudinal},
 * {@code sample_laplace}, {@code joined_person}, {@code joined_household}) with their fields,
 * hierarchies, sentinels, ranges, relationships and limits, over records generated from fixed
 * seeds, so every run serves the same figures.
 */
final class SampleDatasets {
  private static final String PEOPLE = "people";
  private static final List<ExclusionRule> SAMPLE_RULES = List.of(new ExclusionRule(List.of(), 4),
      new ExclusionRule(List.of("AMOUNT", "COUNTRY", "POSTCODE"), 2));

  private SampleDatasets() {
  }

  static List<Dataset> all() {
    final List<Dataset> out = new ArrayList<>();
    final Joined joined = new Joined(new Random(16));
    out.add(joined.dataset("joined_household", "household", "Sample household dataset with joined data",
        "A sample household-level dataset with <a href='http://www.example.com/joined' target='_blank'>joined</a>"
        + " tables", joined.households));
    out.add(joined.dataset("joined_person", "person", "Sample person dataset with joined data",
        "A sample person-level dataset with <a href='http://www.example.com/joined' target='_blank'>joined</a>"
        + " tables", joined.people));
    final List<Field> longitudinal = List.of(sex(), dwell(), rooms(), amount(), new Field("YEAR", "Year", "string",
        false, false, true, null, List.of(Value.of("2000", "2000"), Value.of("2005", "2005"))));
    final List<Unit> years = new ArrayList<>();
    final Random random = new Random(2000);
    for (String year : List.of("2000", "2005")) {
      for (int i = 0; i < 199; i++) {
        final Unit u = unit(random, longitudinal.subList(0, 4));
        u.buckets.put("YEAR", year);
        years.add(u);
      }
    }
    out.add(new Dataset("sample_longitudinal", "Sample longitudinal dataset",
        "This dataset contains sample longitudinal data.", null, "person", List.of(person(longitudinal)), List.of(),
        false, 2, 2000, List.of(new ExclusionRule(List.of(), 4)), Noise.RECORD_KEY, years));
    final List<Field> fields = List.of(sex(), country(), dwell(), rooms(), postcode(), amount(), expiry());
    out.add(new Dataset("sample_laplace", "Sample dataset with Laplace noise",
        "This dataset contains sample data, perturbed using Laplace-distributed noise.", null, "person",
        List.of(person(fields)), List.of(), true, 1, 2000, SAMPLE_RULES, Noise.LAPLACE, units(new Random(7), fields,
        196)));
    out.add(new Dataset("sample", "Sample dataset",
        "A high-level description is available [here](http://www.example.com/sample)",
        "For detailed notes on this dataset, see http://www.example.com/ or <a href='http://www.example.com/notes'>"
        + "here</a>", "person", List.of(person(fields)), List.of(), true, 2, 2000, SAMPLE_RULES, Noise.RECORD_KEY,
        units(new Random(1), fields, 196)));
    return out;
  }

  private static Resource person(List<Field> fields) {
    return new Resource("person", "person", null, "person", PEOPLE, fields, Map.of("DWELL", "Dwelling", "ROOMS",
        "Dwelling"));
  }

  static Field sex() {
    return new Field("SEX", "Sex", "string", false, false, false, null, List.of(Value.of("F", "Female"),
        Value.of("M", "Male"), Value.sentinel("", "Not stated")));
  }

  private static Field country() {
    return new Field("COUNTRY", "Country of Birth", "integer", false, false, false, null, List.of(
        Value.parent("1000", "Oceania",
            Value.parent("1100", "Australia (including External Territories)", Value.of("1101", "Australia"),
                Value.of("1102", "Norfolk Island"), Value.of("1199", "Australian External Territories")),
            Value.of("1201", "New Zealand"),
            Value.parent("1300", "Melanesia", Value.of("1301", "New Caledonia"), Value.of("1302", "Papua New Guinea"),
                Value.of("1303", "Solomon Islands"), Value.of("1304", "Vanuatu"))),
        Value.of("9999", "Other"), Value.sentinel("null", "Not stated")));
  }

  private static Field dwell() {
    return new Field("DWELL", "Dwelling Type", "string", false, false, false, "Type of dwelling of usual residence",
        List.of(Value.of("001", "House"), Value.of("002", "Apartment"), Value.of("003", "Other")));
  }

  private static Field rooms() {
    final List<Value> values = new ArrayList<>(List.of(Value.sentinel("null", "Not stated"),
        Value.sentinel("999", "Not applicable")));
    for (int i = 0; i <= 7; i++) {
      values.add(new Value(String.valueOf(i), i == 0 ? "None (including bedsits)" : String.valueOf(i), false,
          (double) i, (double) i, List.of()));
    }
    values.add(Value.range(">=8", 8.0, null));
    return new Field("ROOMS", "Number of Bedrooms", "integer", true, true, false, null, values);
  }

  private static Field postcode() {
    return new Field("POSTCODE", "Postcode", "string", false, false, false, "Postcode of usual residence",
        List.of("6722", "6725", "0872", "6762", "6642", "6710", "6429").stream().map(p -> Value.of(p, null)).toList());
  }

  static Field amount() {
    return money("AMOUNT", "Dollar Amount", 10, 10);
  }

  /** A dollar field: {@code <0}, {@code count} intervals of {@code width}, and an open top interval. */
  private static Field money(String name, String title, int width, int count) {
    final List<Value> values = new ArrayList<>();
    values.add(Value.range("<0", null, -0.01));
    for (int i = 0; i < count; i++) {
      final int low = i * width;
      values.add(Value.range(low + "-" + (low + width - 1) + ".99", (double) low, low + width - 0.01));
    }
    values.add(Value.range(">=" + count * width, (double) count * width, null));
    return new Field(name, title, "number", true, true, false, null, values);
  }

  private static Field expiry() {
    final List<Value> values = new ArrayList<>(List.of(Value.sentinel("null", "Unknown")));
    for (int year = 1970; year <= 2020; year += 5) {
      final int last = Math.min(year + 4, 2020);
      final String from = year + "-01-01";
      final String to = last + "-12-31";
      values.add(new Value(from + "/" + to, from + " to " + to, false, from, to, List.of()));
    }
    values.add(Value.range(">=2021-01-01", "2021-01-01", null));
    return new Field("EXPIRY", "Expiry date", "date", false, true, false, null, values);
  }

  private static List<Unit> units(Random random, List<Field> fields, int count) {
    final List<Unit> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(unit(random, fields));
    }
    return out;
  }

  /** A record with a leaf of every field, and a value within it for numeric ones. */
  private static Unit unit(Random random, List<Field> fields) {
    final Unit u = new Unit(random.nextInt(1 << 20));
    for (Field f : fields) {
      // Sentinels and open intervals are rarer than the rest.
      Value leaf = f.leaves.get(random.nextInt(f.leaves.size()));
      if ((leaf.sentinel() || leaf.minimum() == null || leaf.maximum() == null) && random.nextInt(3) > 0) {
        leaf = f.leaves.get(random.nextInt(f.leaves.size()));
      }
      u.buckets.put(f.name, leaf.name());
      if (f.numeric && !leaf.sentinel()) {
        u.numbers.put(f.name, number(random, f, leaf));
      }
    }
    return u;
  }

  private static double number(Random random, Field f, Value leaf) {
    final Double low = (Double) leaf.minimum();
    final Double high = (Double) leaf.maximum();
    if (f.type.equals("integer")) {
      return low != null && high != null ? low : low + random.nextInt(4);
    }
    final double from = low != null ? low : high - 20;
    final double to = high != null ? high : low + 50;
    return Math.round((from + random.nextDouble() * (to - from)) * 100) / 100.0;
  }

  /** The records behind {@code joined_person} and {@code joined_household}: one graph, two main resources. */
  private static final class Joined {
    final Field state = new Field("STATE", "State", "string", false, false, false, null,
        List.of(Value.of("NSW", "New South Wales"), Value.of("VIC", "Victoria"), Value.of("WA", "Western Australia")));
    final Field rent = money("RENT", "Weekly rent", 100, 5);
    final Field age = new Field("AGE", "Age", "integer", true, true, false, null, List.of(
        Value.range("0-17", 0.0, 17.0), Value.range("18-64", 18.0, 64.0), Value.range(">=65", 65.0, null)));
    final Field type = new Field("type", "Transaction type", "string", false, false, false, null,
        List.of("A", "B", "C", "D", "E", "F", "G").stream().map(t -> Value.of(t, null)).toList());
    final Field value = money("VALUE", "Transaction value", 50, 4);
    final Field category = new Field("CATEGORY", "Item category", "string", false, false, false, null,
        List.of(Value.of("FOOD", "Food"), Value.of("TOOLS", "Tools"), Value.of("TOYS", "Toys")));
    final List<Unit> households;
    final List<Unit> people;

    Joined(Random random) {
      households = units(random, List.of(state, rent), 90);
      people = units(random, List.of(sex(), age), 220);
      final List<Unit> items = units(random, List.of(category), 12);
      final List<Unit> transactions = units(random, List.of(type, value), 400);
      for (Unit p : people) {
        final Unit h = households.get(random.nextInt(households.size()));
        p.related.put("household", List.of(h));
        h.related.computeIfAbsent(PEOPLE, k -> new ArrayList<>()).add(p);
      }
      for (Unit t : transactions) {
        t.related.put("item", List.of(items.get(random.nextInt(items.size()))));
        people.get(random.nextInt(people.size())).related.computeIfAbsent("buyer_transactions",
            k -> new ArrayList<>()).add(t);
        people.get(random.nextInt(people.size())).related.computeIfAbsent("seller_transactions",
            k -> new ArrayList<>()).add(t);
      }
    }

    Dataset dataset(String name, String main, String title, String description, List<Unit> units) {
      final List<Resource> resources = List.of(
          new Resource("transaction", "Transaction", "Some detail about the transaction level data", "transaction",
              "transactions", List.of(type, value), Map.of()),
          new Resource("person", "Person", "Some detail about the person level data", "person", PEOPLE,
              List.of(sex(), age), Map.of()),
          new Resource("item", "Item", "Some detail about the item level data", "item", "items", List.of(category),
              Map.of()),
          new Resource("household", "Household",
              "Some detail about the [household](http://www.example.com/household) level data", "household",
              "households", List.of(state, rent), Map.of()));
      final List<Relationship> relationships = new ArrayList<>();
      if (main.equals("household")) {
        relationships.add(new Relationship("household", PEOPLE, "person", "Residents"));
      }
      relationships.add(new Relationship("person", "buyer_transactions", "transaction", "Buyer Transactions"));
      relationships.add(new Relationship("person", "seller_transactions", "transaction", "Seller Transactions"));
      if (main.equals("person")) {
        relationships.add(new Relationship("person", "household", "household", null));
      }
      relationships.add(new Relationship("transaction", "item", "item", null));
      return new Dataset(name, title, description, null, main, resources, relationships, true, 1, 2000,
          List.of(new ExclusionRule(List.of(), 4)), Noise.RECORD_KEY, units);
    }
  }
}
