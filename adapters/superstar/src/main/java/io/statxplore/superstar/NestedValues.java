package io.statxplore.superstar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.List;

/**
 * Reads a cube's {@code values}, a nested array with one level per dimension (row-major, last
 * dimension fastest), one number at a time, checking every level's length against the item
 * counts. Holds only the position, never the values.
 */
final class NestedValues {
  private final JsonParser parser;
  private final int[] shape;
  private final List<String> fields;
  private final String cube;
  private final int[] counts;
  private int depth;
  private double value;
  private boolean isNull;

  /**
   * @param parser positioned on the {@code START_ARRAY} of {@code values}
   * @param shape item count of each field
   * @param fields the fields' URIs, for messages
   * @param measure the cube's measure URI, for messages
   */
  NestedValues(JsonParser parser, int[] shape, List<String> fields, String measure) {
    if (shape.length == 0) {
      throw new BadResponse("the answer has no fields");
    }
    this.parser = parser;
    this.shape = shape;
    this.fields = fields;
    this.cube = "the values of " + measure;
    this.counts = new int[shape.length];
    this.depth = 1;
  }

  /** Advances to the next value; false once the outer array has closed with the right length. */
  boolean next() throws IOException {
    while (true) {
      final JsonToken token = parser.nextToken();
      if (token == null) {
        throw new BadResponse(cube + " end early (truncated answer)");
      }
      switch (token) {
      case START_ARRAY:
        if (depth == shape.length) {
          throw new BadResponse(cube + " are nested deeper than the " + shape.length + " fields");
        }
        count(depth - 1);
        counts[depth++] = 0;
        break;
      case END_ARRAY:
        if (counts[depth - 1] != shape[depth - 1]) {
          throw new BadResponse(cube + " have " + counts[depth - 1] + " entries for the " + shape[depth - 1]
              + " items of field " + fields.get(depth - 1));
        }
        if (--depth == 0) {
          return false;
        }
        break;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
      case VALUE_NULL:
        if (depth != shape.length) {
          throw new BadResponse(cube + " have a number where a list for field " + fields.get(depth)
              + " is expected (level " + (depth + 1) + " of " + shape.length + ")");
        }
        count(depth - 1);
        isNull = token == JsonToken.VALUE_NULL;
        value = isNull ? 0 : token == JsonToken.VALUE_NUMBER_FLOAT ? decimal() : parser.getDoubleValue();
        if (!Double.isFinite(value)) {
          final String text = parser.getText();
          throw new BadResponse(cube + " hold " + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
              + ", beyond the range of a double");
        }
        return true;
      default:
        throw new BadResponse(cube + " hold " + describe(token) + " where numbers are expected");
      }
    }
  }

  /**
   * SuperSTAR writes counts as {@code 12345.0}. Up to 15 digits, such a number is the exact double
   * of its integer, read here without the general decimal parse that otherwise costs a third of
   * the reading; any other form goes to Jackson's parser.
   */
  private double decimal() throws IOException {
    final int length = parser.getTextLength();
    if (length >= 3 && length <= 17) {
      final char[] text = parser.getTextCharacters();
      final int start = parser.getTextOffset();
      final int end = start + length - 2;
      if (text[end] == '.' && text[end + 1] == '0') {
        final boolean negative = text[start] == '-';
        long integer = 0;
        int i = negative ? start + 1 : start;
        for (; i < end && text[i] >= '0' && text[i] <= '9'; i++) {
          integer = integer * 10 + text[i] - '0';
        }
        if (i == end && end > (negative ? start + 1 : start)) {
          return negative ? -(double) integer : integer;
        }
      }
    }
    return parser.getDoubleValue();
  }

  private void count(int level) {
    if (++counts[level] > shape[level]) {
      throw new BadResponse(cube + " have more entries than the " + shape[level] + " items of field "
          + fields.get(level));
    }
  }

  private static String describe(JsonToken token) {
    switch (token) {
    case VALUE_STRING:
      return "text";
    case VALUE_TRUE:
    case VALUE_FALSE:
      return "a boolean";
    case START_OBJECT:
      return "an object";
    default:
      return token.name();
    }
  }

  /** The position of the current value in the list of field {@code level}: its item there. */
  int index(int level) {
    return counts[level] - 1;
  }

  double value() {
    return value;
  }

  boolean isNull() {
    return isNull;
  }

  /** A structural fault of the answer; the reader adds what was being read. */
  static final class BadResponse extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadResponse(String message) {
      super(message);
    }
  }
}
