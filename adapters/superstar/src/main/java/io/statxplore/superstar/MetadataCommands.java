package io.statxplore.superstar;

import io.statxplore.core.spi.CommandHost;
import io.statxplore.core.spi.CommandOutput;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/** The harvester's metadata calls, {@code /schema}, {@code /info} and {@code /rate_limit}, printed readably. */
public final class MetadataCommands {
  private MetadataCommands() {
  }

  /** Runs {@code call} on the SuperSTAR API the options name. */
  private static int withApi(CommandHost host, ApiCall call) throws SQLException, IOException {
    try (CommandHost.Session api = host.open(); CommandOutput out = host.standardOutput()) {
      if (!(api.adapter() instanceof SuperstarAdapter superstar)) {
        throw new SQLException("this command reads a SuperSTAR API; this URL's api is not superstar");
      }
      call.run(superstar, out);
      return 0;
    }
  }

  private interface ApiCall {
    void run(SuperstarAdapter api, CommandOutput out) throws IOException;
  }

  /** {@code schema [id]}: a node of the folder tree and its children. */
  @Command(name = "schema", mixinStandardHelpOptions = true,
      description = "Show a /schema node (default: the root folder) and its children, one per line: type, id, label")
  public static final class Schema implements Callable<Integer> {
    private final CommandHost host;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "e.g. str:folder:fuc, str:database:UC_Monthly")
    String id;

    public Schema(CommandHost host) {
      this.host = host;
    }

    @Override public Integer call() throws SQLException, IOException {
      return withApi(host, (api, out) -> {
        final SchemaNode node = api.schema(id);
        out.println(node.label() + " (" + node.type() + " " + node.id() + ")");
        final int typeWidth = node.children().stream().mapToInt(c -> c.type().length()).max().orElse(0);
        final int idWidth = node.children().stream().mapToInt(c -> c.id().length()).max().orElse(0);
        for (SchemaNode child : node.children()) {
          out.println("  " + pad(child.type(), typeWidth) + "  " + pad(child.id(), idWidth) + "  " + child.label());
        }
        out.println("(" + node.children().size() + (node.children().size() == 1 ? " child)" : " children)"));
      });
    }
  }

  /** {@code info}: the server's languages. */
  @Command(name = "info", mixinStandardHelpOptions = true, description = "Show /info: the languages the server offers")
  public static final class Info implements Callable<Integer> {
    private final CommandHost host;

    public Info(CommandHost host) {
      this.host = host;
    }

    @Override public Integer call() throws SQLException, IOException {
      return withApi(host, (api, out) -> {
        final JsonNode info = api.info();
        for (Map.Entry<String, JsonNode> e : info.properties()) {
          if (e.getKey().equals("languages") && e.getValue().isArray()) {
            out.println("languages:");
            for (JsonNode l : e.getValue()) {
              out.println("  " + l.path("locale").asText() + "  " + l.path("displayName").asText());
            }
          } else {
            out.println(e.getKey() + ": " + e.getValue());
          }
        }
      });
    }
  }

  /** {@code rate-limit}: the key's remaining requests; asking does not use one up. */
  @Command(name = "rate-limit", mixinStandardHelpOptions = true,
      description = "Show /rate_limit: requests remaining for this key this hour, and when the count resets")
  public static final class RateLimit implements Callable<Integer> {
    private final CommandHost host;

    public RateLimit(CommandHost host) {
      this.host = host;
    }

    @Override public Integer call() throws SQLException, IOException {
      return withApi(host, (api, out) -> {
        final JsonNode limit = api.rateLimit();
        out.println("remaining  " + limit.path("remaining").asText("?"));
        out.println("limit      " + limit.path("limit").asText("?"));
        final JsonNode reset = limit.path("reset");
        out.println("reset      " + (reset.canConvertToLong() ? Instant.ofEpochMilli(reset.asLong()) : reset.asText("?")));
      });
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
