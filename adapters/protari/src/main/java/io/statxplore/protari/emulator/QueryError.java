package io.statxplore.protari.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.checkerframework.checker.nullness.qual.Nullable;

/** An error the emulator answers with the API's JSON body ({@code detail}, {@code name}, {@code status}, {@code title}). */
final class QueryError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String title;
  final @Nullable String name;

  QueryError(int status, String title, @Nullable String name, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.name = name;
  }

  /** The API's {@code InvalidQueryError}. */
  static QueryError invalid(String detail) {
    return new QueryError(400, "Invalid query", "InvalidQueryError", detail);
  }

  ObjectNode body() {
    final ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("detail", getMessage());
    if (name != null) {
      o.put("name", name);
    }
    o.put("status", status);
    o.put("title", title);
    if (name == null) {
      o.put("type", "about:blank");
    }
    return o;
  }
}
