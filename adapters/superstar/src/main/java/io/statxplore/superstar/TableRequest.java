package io.statxplore.superstar;

import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.cube.DimensionRequest;
import io.statxplore.core.cube.Item;
import io.statxplore.core.cube.MeasureMeta;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the {@code POST /table} body for a {@link CubeQuery}, in the key order of the
 * GUI-exported queries: database, measures, recodes (only for filtered, grouped or totalled
 * dimensions), dimensions.
 */
final class TableRequest {
  private static final JsonFactory JSON = new JsonFactory();

  private TableRequest() {
  }

  static byte[] body(CubeQuery query) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("database", query.table().id());
      g.writeArrayFieldStart("measures");
      for (MeasureMeta m : query.measures()) {
        g.writeString(m.id());
      }
      g.writeEndArray();
      if (query.dimensions().stream().anyMatch(DimensionRequest::isRecoded)) {
        g.writeObjectFieldStart("recodes");
        for (DimensionRequest d : query.dimensions()) {
          if (d.isRecoded()) {
            g.writeObjectFieldStart(d.dimension().id());
            g.writeArrayFieldStart("map");
            for (List<Item> group : d.groupsOrAll()) {
              g.writeStartArray();
              for (Item item : group) {
                g.writeString(item.key());
              }
              g.writeEndArray();
            }
            g.writeEndArray();
            g.writeBooleanField("total", d.total());
            g.writeEndObject();
          }
        }
        g.writeEndObject();
      }
      g.writeArrayFieldStart("dimensions");
      for (DimensionRequest d : query.dimensions()) {
        g.writeStartArray();
        g.writeString(d.dimension().id());
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
