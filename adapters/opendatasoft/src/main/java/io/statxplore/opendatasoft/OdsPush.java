package io.statxplore.opendatasoft;

import io.statxplore.core.http.ApiClient;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.ApiResponse;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.http.ClientSettings;
import io.statxplore.core.http.KeyTransport;
import io.statxplore.core.http.Secret;
import io.statxplore.core.record.RecordColumn;
import io.statxplore.core.record.RecordTableMeta;
import io.statxplore.core.spi.AdapterContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code INSERT} as odsclient's {@code push_dataset_realtime}: the rows as a JSON array of records
 * in one {@code POST /api/push/1.0/<dataset>/realtime/push/?pushkey=…}. The push key (property
 * {@code pushKey}: one key, or {@code dataset:key} pairs separated by commas) is the dataset's, not
 * the API key; it travels in the URL, as the push API expects, and is redacted from messages. A
 * push is not idempotent, so it is never retried.
 */
final class OdsPush {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final @Nullable ApiClient client;
  private final @Nullable Secret keys;

  OdsPush(AdapterContext context) {
    this.keys = context.secretSettings().get(OdsAdapterFactory.PUSH_KEY.name());
    this.client = keys == null ? null : new ApiClient(new ClientSettings(context.baseUrl(), "OpenDataSoft push API",
        KeyTransport.CALLER, keys, null, context.timeout(), 0, OdsErrors::parse, null, context.secrets()));
  }

  /** Sends {@code rows} of {@code table}, read through {@code adapter}'s fields; returns the count. */
  long push(OdsAdapter adapter, RecordTableMeta table, List<Object[]> rows) {
    final String dataset = table.entry().id();
    final String key = keys == null ? null : keys.keyFor(dataset);
    if (client == null || key == null) {
      throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, "INSERT INTO " + table.entry().name() + " needs the"
          + " realtime push key of dataset " + dataset + " (Sources tab of its back office): set pushKey=<key>,"
          + " or pushKey=" + dataset + ":<key>");
    }
    final ArrayNode records = JSON.createArrayNode();
    for (Object[] row : rows) {
      final ObjectNode record = records.addObject();
      for (int i = 0; i < row.length; i++) {
        put(record, table.columns().get(i), adapter.field(table.columns().get(i)), row[i]);
      }
    }
    try (ApiResponse r = client.post(client.url("api", "push", "1.0", dataset, "realtime", "push", "")
        .newBuilder().addQueryParameter("pushkey", key).build(), JSON.writeValueAsBytes(records),
        CallScope.current())) {
      return rows.size();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A value in the field's wire form: dates as ISO text, a geo point as lat/lon, lists as arrays. */
  private static void put(ObjectNode record, RecordColumn column, OdsAdapter.Field field, @Nullable Object value) {
    if (value == null) {
      return;
    }
    switch (field.kind()) {
      case LAT, LON -> {
        final ObjectNode point = record.has(column.id()) ? (ObjectNode) record.get(column.id())
            : record.putObject(column.id());
        point.put(field.kind() == OdsAdapter.Kind.LAT ? "lat" : "lon", ((Number) value).doubleValue());
      }
      case MULTI -> {
        final ArrayNode list = record.putArray(column.id());
        for (String part : value.toString().split(java.util.regex.Pattern.quote(field.separator()))) {
          list.add(part);
        }
      }
      case JSON -> record.put(column.id(), value.toString());
      case PLAIN -> {
        switch (column.type()) {
          case DATE -> record.put(column.id(), LocalDate.ofEpochDay(((Number) value).longValue()).toString());
          case TIMESTAMP -> record.put(column.id(), Instant.ofEpochMilli(((Number) value).longValue()).toString());
          default -> record.set(column.id(), JSON.valueToTree(value));
        }
      }
      default -> throw new IllegalStateException(field.kind().toString());
    }
  }

  void close() {
    if (client != null) {
      client.close();
    }
  }
}
