package io.statxplore.superstar.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** A failure the emulator answers with an HTTP status and a SuperSTAR error body. */
final class EmulatorError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final Map<String, Object> body;

  EmulatorError(int status, Map<String, Object> body) {
    super(String.valueOf(body.get("message")), null, false, false);
    this.status = status;
    this.body = body;
  }

  /** A body with keys in the given order: message, errorType, then type-specific keys. */
  static Map<String, Object> body(Object... keysAndValues) {
    final Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      body.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return body;
  }

  static EmulatorError notFound(String component) {
    return new EmulatorError(400, body("message", "Could not find the requested component: " + component + ".",
        "errorType", "SCHEMA_COMPONENT_NOT_FOUND", "component", component));
  }

  static EmulatorError invalidQuery(String message) {
    return new EmulatorError(400, body("message", message, "errorType", "INVALID_QUERY"));
  }

  /** A query parameter of a GET the server does not understand. */
  static EmulatorError invalidParameter(String message) {
    return new EmulatorError(400, body("message", message, "errorType", "INVALID_PARAMETER"));
  }
}
