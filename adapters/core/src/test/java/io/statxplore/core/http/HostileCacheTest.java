package io.statxplore.core.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose metadata answers would make the response cache write the key to disk: a
 * {@code Vary} naming the key's header, a header echoing the key. Nothing of it reaches the cache
 * files, which only their owner can read, and the cache still answers.
 */
class HostileCacheTest {
  private static final String KEY = "cache-key-8086";
  private final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  @BeforeEach void start() throws IOException {
    server.start();
  }

  @AfterEach void stop() {
    server.close();
  }

  private ApiClient client() {
    return new ApiClient(new ClientSettings(server.url("/api/"), "Test API", KeyTransport.header("APIKey", ""),
        Secret.of(KEY), "en", Duration.ofSeconds(5), 0, body -> null,
        new ResponseCache(dir.resolve("cache"), Duration.ofHours(1))));
  }

  private String schema(ApiClient client) throws IOException {
    try (ApiResponse r = client.getMetadata(client.url("schema"))) {
      return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test void aVaryOnTheKeyOrAnEchoedKeyNeverReachesTheCacheFiles() throws IOException {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .setHeader("Cache-Control", "max-age=600").setHeader("ETag", "\"v1\"")
        .setHeader("Vary", "APIKey, Accept-Language").setHeader("X-Echo", "key " + KEY)
        .body("{\"id\":\"str:folder:root\"}").build());
    try (ApiClient client = client()) {
      assertEquals("{\"id\":\"str:folder:root\"}", schema(client));
      assertEquals("{\"id\":\"str:folder:root\"}", schema(client), "the second answer comes from the cache");
    }
    assertEquals(1, server.getRequestCount());

    final List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("cache"))) {
      files = walk.toList();
    }
    assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".0")), "an entry was stored");
    final Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    for (Path f : files) {
      final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(f);
      assertTrue(mode.stream().noneMatch(others::contains), f + " is " + mode);
      if (Files.isRegularFile(f)) {
        final String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(KEY), f + " holds the key:\n" + bytes);
      }
    }
  }
}
