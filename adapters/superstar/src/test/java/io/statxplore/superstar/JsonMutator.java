package io.statxplore.superstar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Seeded mutations of a JSON document, for fuzzing response parsers. Structural mutations edit a
 * copy of the parsed tree; those that make text no tree can hold (duplicate keys, NaN, numbers
 * beyond a double, 100,000 open brackets) put a marker in the tree and splice the raw text in
 * where the marker was written. The node to mutate is picked by depth first (uniformly among the
 * depths the document has), then among the nodes at that depth, so a few top-level keys get as
 * much attention as thousands of cell values.
 */
final class JsonMutator {
  /** What a mutation does. */
  enum Kind {
    /** One to four bytes flipped or set to JSON syntax; one time in ten the first bytes become NUL. */
    BYTE_FLIP,
    /** Cut at a random offset. */
    TRUNCATION,
    /** A node as another JSON type (number, text, null, array, object, boolean), content kept where it can be. */
    TYPE_SWAP,
    DELETED_KEY,
    /** A key written twice, with the same or a swapped value. */
    DUPLICATED_KEY,
    /** A number beyond a double, below its precision, or 2,000 digits long. */
    HUGE_NUMBER,
    /** NaN, Infinity and malformed number tokens. */
    NON_FINITE,
    /** 100,000 {@code [}, balanced or not, 50,000 nested objects, or a few hundred levels of arrays. */
    DEEP_NESTING,
    EXTRA_ELEMENT,
    MISSING_ELEMENT,
    /** An element more or fewer in a list whose length the format ties to another: cube levels, items, children. */
    COUNT_MISMATCH,
    /** An item's or node's {@code type} unknown, empty or deleted. */
    UNKNOWN_ITEM_TYPE
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String MARKER = "\u0001fuzz\u0001";
  private static final byte[] SIGNIFICANT = "{}[]:,\"\\-+.eE0129ntfu \n".getBytes(StandardCharsets.US_ASCII);
  private static final List<String> HUGE = List.of("1e400", "-1e400", "1e-400", "4.9e-325", "9".repeat(400),
      "-" + "9".repeat(309), "1".repeat(2000), "9223372036854775808", "-9223372036854775809",
      "1.7976931348623157e308", "123456789012345678901234567890.5");
  private static final List<String> NON_FINITE = List.of("NaN", "-NaN", "Infinity", "-Infinity", "+Infinity",
      "INF", "nan", "1e", "-", ".5", "01", "1.", "0x1F");
  private static final List<String> UNKNOWN_TYPES = List.of("Foo", "", "total", "TOTAL", "RecodeItem ",
      "ValueItem", "FieldItem", "folder", "WIDGET", "\u0000");
  /** Arrays whose length the format ties to something else: cube levels, item and child lists. */
  private static final List<String> COUNTED = List.of("values", "items", "children", "labels", "uris");

  /** A place in the tree: a member of an object or an element of an array. */
  private record Slot(JsonNode parent, String key, int index, JsonNode node, int depth) {
    void set(JsonNode value) {
      if (parent instanceof ObjectNode o) {
        o.set(key, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }
  }

  private JsonMutator() {
  }

  /** One mutation of {@code kind} of {@code original} (whose tree is {@code tree}), chosen by {@code random}. */
  static byte[] mutate(byte[] original, JsonNode tree, Kind kind, Random random) {
    switch (kind) {
    case BYTE_FLIP:
      return flip(original, random);
    case TRUNCATION:
      return Arrays.copyOf(original, random.nextInt(original.length));
    default:
      final JsonNode copy = tree.deepCopy();
      return structural(copy, kind, random);
    }
  }

  private static byte[] flip(byte[] original, Random random) {
    final byte[] out = original.clone();
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      final int at = random.nextInt(out.length);
      out[at] = random.nextBoolean() ? (byte) (out[at] ^ (1 << random.nextInt(8)))
          : SIGNIFICANT[random.nextInt(SIGNIFICANT.length)];
    }
    if (random.nextInt(10) == 0) {
      // NUL bytes first: Jackson then decodes the body as UTF-16 or UTF-32.
      Arrays.fill(out, 0, Math.min(out.length, 1 + random.nextInt(3)), (byte) 0);
    }
    return out;
  }

  private static byte[] structural(JsonNode tree, Kind kind, Random random) {
    switch (kind) {
    case TYPE_SWAP: {
      final Slot s = pick(tree, random, x -> true);
      s.set(swap(s.node(), random));
      return write(tree);
    }
    case DELETED_KEY: {
      final Slot s = pick(tree, random, x -> x.parent() instanceof ObjectNode);
      ((ObjectNode) s.parent()).remove(s.key());
      return write(tree);
    }
    case DUPLICATED_KEY: {
      final Slot s = pick(tree, random, x -> x.parent() instanceof ObjectNode);
      final JsonNode second = random.nextBoolean() ? s.node() : swap(s.node(), random);
      return splice(tree, s, s.node() + ", " + TextNode.valueOf(s.key()) + " : " + second);
    }
    case HUGE_NUMBER: {
      final Slot s = pick(tree, random, x -> x.node().isNumber());
      return splice(tree, s, HUGE.get(random.nextInt(HUGE.size())));
    }
    case NON_FINITE: {
      final Slot s = pick(tree, random, x -> x.node().isNumber());
      return splice(tree, s, NON_FINITE.get(random.nextInt(NON_FINITE.size())));
    }
    case DEEP_NESTING:
      return splice(tree, pick(tree, random, x -> true), deepNesting(random));
    case EXTRA_ELEMENT:
      add(pick(tree, random, x -> x.node().isArray()), random);
      return write(tree);
    case MISSING_ELEMENT:
      remove(pick(tree, random, x -> x.node().isArray() && !x.node().isEmpty()), random);
      return write(tree);
    case COUNT_MISMATCH: {
      final Slot s = pick(tree, random, JsonMutator::counted);
      if (s.node().isEmpty() || random.nextBoolean()) {
        add(s, random);
      } else {
        remove(s, random);
      }
      return write(tree);
    }
    case UNKNOWN_ITEM_TYPE: {
      final Slot s = pick(tree, random, x -> x.node().isObject() && x.node().has("type"));
      if (random.nextInt(4) == 0) {
        ((ObjectNode) s.node()).remove("type");
      } else {
        ((ObjectNode) s.node()).put("type", UNKNOWN_TYPES.get(random.nextInt(UNKNOWN_TYPES.size())));
      }
      return write(tree);
    }
    default:
      throw new IllegalArgumentException(kind.name());
    }
  }

  /** An array under one of the {@link #COUNTED} keys, or nested in one (a level of a cube). */
  private static boolean counted(Slot s) {
    return s.node().isArray() && (s.parent() instanceof ArrayNode && s.parent().isArray()
        && s.depth() > 2 || s.key() != null && COUNTED.contains(s.key()));
  }

  private static String deepNesting(Random random) {
    switch (random.nextInt(4)) {
    case 0:
      return "[".repeat(100_000);
    case 1:
      return "[".repeat(100_000) + "]".repeat(100_000);
    case 2:
      return "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
    default:
      final int depth = 2 + random.nextInt(400);
      return "[".repeat(depth) + "1" + "]".repeat(depth);
    }
  }

  /** The same content as another JSON type where it has one, else a value of that type. */
  private static JsonNode swap(JsonNode node, Random random) {
    final List<Integer> types = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
    types.remove(Integer.valueOf(typeOf(node)));
    switch (types.get(random.nextInt(types.size()))) {
    case 0:
      return node.isValueNode() ? NODES.numberNode(parseOr(node.asText(), random.nextInt(1000)))
          : NODES.numberNode(node.size());
    case 1:
      return NODES.textNode(node.isValueNode() ? node.asText() : node.toString());
    case 2:
      return NODES.nullNode();
    case 3: {
      final ArrayNode a = NODES.arrayNode();
      if (node.isContainerNode()) {
        node.forEach(a::add);
      } else {
        a.add(node);
      }
      return a;
    }
    case 4: {
      final ObjectNode o = NODES.objectNode();
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          o.set(String.valueOf(i), node.get(i));
        }
      } else {
        o.set("value", node);
      }
      return o;
    }
    default:
      return NODES.booleanNode(random.nextBoolean());
    }
  }

  private static int typeOf(JsonNode node) {
    if (node.isNumber()) {
      return 0;
    }
    if (node.isTextual()) {
      return 1;
    }
    if (node.isNull()) {
      return 2;
    }
    return node.isArray() ? 3 : node.isObject() ? 4 : 5;
  }

  private static double parseOr(String text, double otherwise) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static void add(Slot s, Random random) {
    final ArrayNode array = (ArrayNode) s.node();
    final JsonNode element = array.isEmpty() ? NODES.numberNode(random.nextInt(100))
        : array.get(random.nextInt(array.size())).deepCopy();
    array.insert(random.nextInt(array.size() + 1), element);
  }

  private static void remove(Slot s, Random random) {
    final ArrayNode array = (ArrayNode) s.node();
    array.remove(random.nextInt(array.size()));
  }

  /**
   * A node that {@code fits}, the depth chosen first. When none fits (a document without
   * numbers), any node is taken, so every kind still mutates something.
   */
  private static Slot pick(JsonNode tree, Random random, Predicate<Slot> fits) {
    final Map<Integer, List<Slot>> byDepth = new TreeMap<>();
    collect(tree, 1, fits, byDepth);
    if (byDepth.isEmpty()) {
      collect(tree, 1, x -> true, byDepth);
    }
    final List<List<Slot>> depths = new ArrayList<>(byDepth.values());
    final List<Slot> atDepth = depths.get(random.nextInt(depths.size()));
    return atDepth.get(random.nextInt(atDepth.size()));
  }

  private static void collect(JsonNode parent, int depth, Predicate<Slot> fits, Map<Integer, List<Slot>> out) {
    if (parent.isObject()) {
      parent.properties().forEach(e -> visit(new Slot(parent, e.getKey(), -1, e.getValue(), depth), fits, out));
    } else if (parent.isArray()) {
      for (int i = 0; i < parent.size(); i++) {
        visit(new Slot(parent, null, i, parent.get(i), depth), fits, out);
      }
    }
  }

  private static void visit(Slot s, Predicate<Slot> fits, Map<Integer, List<Slot>> out) {
    if (fits.test(s)) {
      out.computeIfAbsent(s.depth(), d -> new ArrayList<>()).add(s);
    }
    collect(s.node(), s.depth() + 1, fits, out);
  }

  /** The tree written with {@code raw} in place of the node at {@code s}. */
  private static byte[] splice(JsonNode tree, Slot s, String raw) {
    s.set(TextNode.valueOf(MARKER));
    final String text = new String(write(tree), StandardCharsets.UTF_8);
    return text.replace(TextNode.valueOf(MARKER).toString(), raw).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] write(JsonNode tree) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
