package io.statxplore.superstar;

import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.RequestLimits;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import okhttp3.HttpUrl;
import okio.Buffer;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.net.ServerSocketFactory;

/**
 * A SuperSTAR server that answers each request path (below the API base, decoded, with its
 * query) with a fixed response, and any other path with SuperSTAR's 400 for an unknown
 * component. The answers can be swapped between requests, so one server serves thousands of
 * fuzz inputs.
 */
final class CannedServer implements AutoCloseable {
  static final String BASE = "/webapi/rest/v1";

  /**
   * Loopback sockets without Nagle's algorithm: MockWebServer writes an answer's head and body
   * apart, and the body would wait for a delayed ACK (40 ms on Linux) on every request.
   */
  private static final class NoDelay extends ServerSocketFactory {
    @Override public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override public Socket accept() throws IOException {
          final Socket socket = super.accept();
          socket.setTcpNoDelay(true);
          return socket;
        }
      };
    }

    @Override public ServerSocket createServerSocket(int port) {
      throw new UnsupportedOperationException();
    }

    @Override public ServerSocket createServerSocket(int port, int backlog) {
      throw new UnsupportedOperationException();
    }

    @Override public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
      throw new UnsupportedOperationException();
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
  private volatile Map<String, MockResponse> answers = Map.of();

  CannedServer() {
    server.setServerSocketFactory(new NoDelay());
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        final HttpUrl url = request.getUrl();
        final String path = URLDecoder.decode(url.encodedPath().substring(BASE.length())
            + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()), StandardCharsets.UTF_8);
        paths.add(path);
        final MockResponse answer = answers.get(path);
        return answer != null ? answer : new MockResponse.Builder().code(400)
            .setHeader("Content-Type", "application/json")
            .body("{\"message\":\"Could not find the requested component: " + path + ".\","
                + "\"errorType\":\"SCHEMA_COMPONENT_NOT_FOUND\"}").build();
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 200 JSON answer; {@code link} is the {@code Link} header's next page, or null. */
  static MockResponse json(byte[] body, String link) {
    final MockResponse.Builder b = new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json;charset=UTF-8").body(new Buffer().write(body));
    if (link != null) {
      b.setHeader("Link", "<" + link + ">; rel=\"next\"");
    }
    return b.build();
  }

  static MockResponse json(String body, String link) {
    return json(body.getBytes(StandardCharsets.UTF_8), link);
  }

  /** From now on answers exactly these paths (e.g. {@code /schema/str:folder:root?page=2}). */
  void serve(Map<String, MockResponse> byPath) {
    this.answers = Map.copyOf(byPath);
  }

  /** The API base URL. */
  HttpUrl base() {
    return server.url(BASE);
  }

  /** An adapter for this server: no key, 10 s timeout, no retries. */
  SuperstarAdapter adapter() {
    return new SuperstarAdapter(new AdapterContext(new SuperstarAdapterFactory(), base(), null, null,
        Duration.ofSeconds(10), 0, RequestLimits.DEFAULT, SqlParserImpl.FACTORY));
  }

  /** The paths requested so far, in order, as {@link #serve} names them. */
  List<String> paths() {
    synchronized (paths) {
      return List.copyOf(paths);
    }
  }

  @Override public void close() {
    server.close();
  }
}
