package io.statxplore.jdbc;

import io.statxplore.core.engine.AdapterSchema;
import io.statxplore.core.engine.PlannerSettings;
import io.statxplore.core.spi.AdapterContext;

import org.apache.calcite.model.ModelHandler;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * A schema of another API in a connection's model, so one query can join two APIs:
 * {@code {"name": "ods", "type": "custom", "factory": "io.statxplore.jdbc.ApiSchemaFactory",
 * "operand": {"api": "opendatasoft", "demo": "true"}}}. Operand keys are the driver's properties
 * ({@code api}, {@code url}, {@code apiKey}, {@code demo}, …); keys resolve as for a URL. The
 * schema (and a demo emulator) closes with the connection.
 */
public final class ApiSchemaFactory implements SchemaFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ApiSchemaFactory.class);

  /** An API opened for a model: its schema and settings, closed together. */
  record Opened(AdapterSchema schema, ConnectionConfig config) {
    void close() {
      try {
        schema.close();
      } finally {
        config.close();
      }
    }
  }

  @Override public Schema create(SchemaPlus parent, String name, Map<String, Object> operand) {
    final Properties properties = new Properties();
    operand.forEach((k, v) -> {
      if (Arrays.stream(ModelHandler.ExtraOperand.values()).noneMatch(e -> e.camelName.equals(k))) {
        properties.setProperty(k, String.valueOf(v));
      }
    });
    try {
      final ConnectionConfig config = ConnectionConfig.parse("", properties, System::getenv,
          Path.of(System.getProperty("user.home")));
      config.warnings().forEach(w -> LOG.warn("schema {}: {}", name, w));
      final AdapterContext context = config.adapterContext(PlannerSettings.parserFactory());
      final Opened opened = new Opened(new AdapterSchema(config.factory().create(context),
          context.limits().parallelism()), config);
      if (!StatXploreDriver.closeWithConnection(opened)) {
        opened.close();
        throw new IllegalStateException(getClass().getSimpleName() + " works in models of jdbc:statxplore: connections");
      }
      return opened.schema();
    } catch (SQLException e) {
      throw new IllegalArgumentException("schema " + name + ": " + e.getMessage(), e);
    }
  }
}
