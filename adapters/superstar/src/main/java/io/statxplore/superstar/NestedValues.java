package io.statxplore.superstar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Reads a cube's {@code values}, a nested array with one level per dimension (row-major, last
 * dimension fastest), one number at a time, checking every level's length against the item
 * counts. Holds only the position, never the values.
 */
final class NestedValues {
  private final JsonParser parser;
  private final int[] shape;
  private final int[] counts;
  private int depth;
  private double value;
  private boolean isNull;

  /** @param parser positioned on the {@code START_ARRAY} of {@code values} */
  NestedValues(JsonParser parser, int[] shape) {
    if (shape.length == 0) {
      throw new BadResponse("the answer has no fields");
    }
    this.parser = parser;
    this.shape = shape;
    this.counts = new int[shape.length];
    this.depth = 1;
  }

  /** Advances to the next value; false once the outer array has closed with the right length. */
  boolean next() throws IOException {
    while (true) {
      final JsonToken token = parser.nextToken();
      if (token == null) {
        throw new BadResponse("the values end early (truncated answer)");
      }
      switch (token) {
      case START_ARRAY:
        if (depth == shape.length) {
          throw new BadResponse("values are nested deeper than the " + shape.length + " fields");
        }
        count(depth - 1);
        counts[depth++] = 0;
        break;
      case END_ARRAY:
        if (counts[depth - 1] != shape[depth - 1]) {
          throw new BadResponse("a level of values has " + counts[depth - 1] + " entries where field "
              + (depth - 1) + " has " + shape[depth - 1] + " items");
        }
        if (--depth == 0) {
          return false;
        }
        break;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
      case VALUE_NULL:
        if (depth != shape.length) {
          throw new BadResponse("a value sits at nesting level " + depth + " of " + shape.length);
        }
        count(depth - 1);
        isNull = token == JsonToken.VALUE_NULL;
        value = isNull ? 0 : parser.getDoubleValue();
        return true;
      default:
        throw new BadResponse("values hold " + token + " where numbers are expected");
      }
    }
  }

  private void count(int level) {
    if (++counts[level] > shape[level]) {
      throw new BadResponse("a level of values has more than the " + shape[level]
          + " entries of field " + level);
    }
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
