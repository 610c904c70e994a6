package io.statxplore.protari;

import io.statxplore.core.cube.CellCursor;
import io.statxplore.core.cube.CubeAdapter;
import io.statxplore.core.cube.CubeCapabilities;
import io.statxplore.core.cube.CubeCapabilities.FilterShape;
import io.statxplore.core.cube.CubeQuery;
import io.statxplore.core.cube.CubeTableMeta;
import io.statxplore.core.cube.DimensionMeta;
import io.statxplore.core.cube.Item;
import io.statxplore.core.cube.MeasureFunction;
import io.statxplore.core.cube.MeasureMeta;
import io.statxplore.core.engine.LocalAggregation;
import io.statxplore.core.http.ApiClient;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.ApiResponse;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.http.KeyTransport;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.core.spi.TableEntry;
import io.statxplore.protari.DatasetMeta.FieldMeta;
import io.statxplore.protari.DatasetMeta.Leaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.calcite.sql.parser.SqlParserImplFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A Protari API: datasets are tables, a query is one {@code GET /datasets/{name}/aggregation}
 * per measure. Every figure is perturbed, so only the API's own answer is right: the engine
 * pushes what Protari computes and sums nothing itself without a warning.
 */
public final class ProtariAdapter implements CubeAdapter {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /**
   * {@code count}, {@code sum} and {@code mean} over any selection of values, totals in the
   * request, one function per request (several in one would drop every function field's
   * sentinel records from all of them), no ordering or paging, perturbed figures.
   */
  private static final CubeCapabilities CAPABILITIES = CubeCapabilities.builder()
      .measuresPerRequest(1)
      .filters(FilterShape.SINGLE_ITEM, FilterShape.ITEM_SET, FilterShape.NEGATION, FilterShape.GROUPED_ITEMS)
      .localAggregation(new LocalAggregation(LocalAggregation.Mode.PERTURBED,
          "Protari perturbs every figure to protect privacy"))
      .build();

  private final ApiClient client;
  private final RequestLimits limits;
  private final SqlParserImplFactory parserFactory;
  /** Each dataset's metadata, read once per connection. */
  private final Map<String, DatasetMeta> datasets = new ConcurrentHashMap<>();
  private final Map<String, CubeTableMeta> tables = new ConcurrentHashMap<>();

  public ProtariAdapter(AdapterContext context) {
    final AdapterContext c = "bearer".equalsIgnoreCase(context.settings().get(ProtariAdapterFactory.AUTH_SCHEME))
        ? new AdapterContext(context.baseUrl(), context.apiKey(), KeyTransport.header("Authorization", "Bearer "),
            context.language(), context.timeout(), context.retries(), context.limits(), context.parserFactory(),
            context.cache(), context.settings(), context.secretSettings(), context.secrets())
        : context;
    this.client = new ApiClient(c.clientSettings("Protari", ProtariErrors::parse));
    this.limits = c.limits();
    this.parserFactory = c.parserFactory();
  }

  /** {@code /datasets/}: one request; REMARKS hold title, description, unit and the data terms. */
  @Override public List<TableEntry> tables() {
    final JsonNode list = client.getMetadataObject(client.url("datasets", ""));
    final String terms = list.path("header").path("data_terms").asText("");
    final List<TableEntry> out = new ArrayList<>();
    for (JsonNode d : list.path("datasets")) {
      final String name = d.path("name").asText();
      out.add(new TableEntry(name, name, d.path("title").asText(name) + ". " + d.path("description").asText("")
          + " Unit: " + d.path("unit").path("plural").asText("records") + "." + (terms.isEmpty() ? "" : " " + terms)));
    }
    return out;
  }

  @Override public CubeTableMeta describe(TableEntry table) {
    return tables.computeIfAbsent(table.id(), id -> {
      final DatasetMeta d = dataset(id);
      final List<DimensionMeta> dims = new ArrayList<>();
      final List<MeasureMeta> measures = new ArrayList<>();
      measures.add(new MeasureMeta("count", d.plural, MeasureFunction.COUNT, "perturbed count of " + d.plural
          + ": function=count"));
      for (FieldMeta f : d.fields.values()) {
        final List<Item> items = f.leaves().stream().map(l -> new Item(l.name(), l.label(), l.name(),
            l.sentinel() && l.name().isEmpty())).toList();
        dims.add(new DimensionMeta(f.path(), f.path(), f.path().replace('.', '_'), remarks(f), () -> items));
        if (f.isMain() && f.numeric()) {
          measures.add(new MeasureMeta("sum " + f.name(), "sum_" + f.name(), MeasureFunction.SUM, "perturbed sum of "
              + f.title() + " over " + d.plural + " with a value: function=sum " + f.name()));
          measures.add(new MeasureMeta("mean " + f.name(), "mean_" + f.name(), MeasureFunction.MEAN, "perturbed mean"
              + " of " + f.title() + " over " + d.plural + " with a value: function=mean " + f.name()));
        }
      }
      return CubeTableMeta.of(id, table.name(), dims, measures, parserFactory);
    });
  }

  private static String remarks(FieldMeta f) {
    final String sentinels = f.leaves().stream().filter(Leaf::sentinel)
        .map(l -> "'" + l.name() + "' (" + l.label() + ")").collect(Collectors.joining(", "));
    return f.title() + "; field " + f.path()
        + (f.isMain() ? "" : " of related resource " + f.resource() + ": a unit counts where at least one related"
            + " entry matches")
        + (f.longitudinal() ? "; longitudinal: every answer is broken down by it" : "")
        + (f.ranges() ? "; intervals as values" : "")
        + (sentinels.isEmpty() ? "" : "; sentinel values " + sentinels);
  }

  /** {@code header.api_version} of {@code /about}. */
  @Override public Optional<String> productVersion() {
    final String version = client.getMetadataObject(client.url("about")).path("header").path("api_version").asText("");
    return version.isEmpty() ? Optional.empty() : Optional.of(version);
  }

  private DatasetMeta dataset(String name) {
    return datasets.computeIfAbsent(name, n -> DatasetMeta.of(client.getMetadataObject(client.url("datasets", n))));
  }

  @Override public CubeCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override public CellCursor execute(CubeQuery query, CallScope scope) {
    if (query.measures().size() != 1) {
      throw new IllegalArgumentException("one measure per Protari request, as declared, not " + query.measures().size());
    }
    final AggregationRequest request = new AggregationRequest(query, dataset(query.table().id()),
        query.measures().get(0)).check();
    try (ApiResponse response = client.get(request.url(client.settings().baseUrl()), scope)) {
      final JsonNode answer = MAPPER.readTree(response.body());
      if (answer == null || !answer.isObject()) {
        throw new ApiException(ApiErrorKind.BAD_RESPONSE, serviceName() + " answered " + response.request()
            + " with something other than a JSON object");
      }
      return new AnswerReader(answer, request, serviceName());
    } catch (IOException e) {
      throw client.redact(new ApiException(ApiErrorKind.BAD_RESPONSE, serviceName() + " sent a broken answer to"
          + " aggregation " + request + ": " + e.getMessage(), e));
    }
  }

  @Override public String serviceName() {
    return client.settings().serviceName();
  }

  @Override public RequestLimits limits() {
    return limits;
  }

  /**
   * The aggregation's path and query string per measure, unencoded as the guide writes them; the
   * dataset's limits are checked when it runs.
   */
  @Override public String explain(CubeQuery query) {
    final DatasetMeta d = dataset(query.table().id());
    return query.measures().stream().map(m -> "GET /datasets/" + d.name + "/aggregation?"
        + new AggregationRequest(query, d, m)).collect(Collectors.joining(" + "));
  }

  @Override public void close() {
    client.close();
  }
}
