package io.statxplore.superstar;

import io.statxplore.core.cube.CubeTableMeta;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.spi.TableEntry;

import mockwebserver3.MockResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walking {@code /schema} against servers that send the walk in circles ({@code Link} pages that
 * lead back, a {@code Link} to another host, folders and groups that list themselves) or send
 * nodes that say two things.
 */
class SchemaWalkTest {
  private static final String ROOT = "str:folder:root";
  private static final String FOLDER = "str:folder:f";
  private static final String DB = "str:database:db";
  private static final String GROUP = "str:group:db:G";
  private static final String FIELD = "str:field:db:t:F";
  private static final String VALUESET = "str:valueset:db:t:F:V";
  private static final String COUNT = "str:count:db:t";

  private final CannedServer server = new CannedServer();
  private final SuperstarAdapter adapter = server.adapter();

  @AfterEach void stop() {
    adapter.close();
    server.close();
  }

  /** A node's JSON: {@code children} are pairs of id and type. */
  private static String node(String id, String type, String... children) {
    final List<String> list = new ArrayList<>();
    for (int i = 0; i < children.length; i += 2) {
      list.add("{\"id\":\"" + children[i] + "\",\"label\":\"L " + children[i] + "\",\"type\":\""
          + children[i + 1] + "\"}");
    }
    return "{\"id\":\"" + id + "\",\"label\":\"L " + id + "\",\"type\":\"" + type + "\",\"children\":["
        + String.join(",", list) + "]}";
  }

  private static MockResponse page(String json) {
    return CannedServer.json(json, null);
  }

  private ApiException tablesFail() {
    return assertThrows(ApiException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(5), adapter::tables));
  }

  @Test void aLinkLoopOverTwoPagesIsAnError() {
    final String first = server.base() + "/schema?depth=folder";
    server.serve(Map.of(
        "/schema?depth=folder", CannedServer.json(node(ROOT, "FOLDER", DB, "DATABASE"), first + "&page=2"),
        "/schema?depth=folder&page=2", CannedServer.json(node(ROOT, "FOLDER"), first)));
    final ApiException e = tablesFail();
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
    assertTrue(e.getMessage().endsWith("sent a paging loop: the Link header of " + CannedServer.BASE
        + "/schema leads back to " + CannedServer.BASE + "/schema?depth=folder"), e::getMessage);
    assertEquals(List.of("/schema?depth=folder", "/schema?depth=folder&page=2"), server.paths());
  }

  @Test void aRelativeLinkIsFollowedOnTheSameServer() {
    server.serve(Map.of(
        "/schema?depth=folder", CannedServer.json(node(ROOT, "FOLDER", DB, "DATABASE"), "?page=2"),
        "/schema?page=2", page(node(ROOT, "FOLDER", "str:database:db2", "DATABASE"))));
    assertEquals(List.of(DB, "str:database:db2"), adapter.tables().stream().map(TableEntry::id).toList());
    assertEquals(List.of("/schema?depth=folder", "/schema?page=2"), server.paths());
  }

  @Test void aLinkToAnotherHostIsNotFollowedEvenWithoutAScheme() {
    server.serve(Map.of("/schema?depth=folder",
        CannedServer.json(node(ROOT, "FOLDER"), "//elsewhere.example/schema?page=2")));
    final ApiException e = tablesFail();
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
    assertTrue(e.getMessage().contains("sent a Link to another host (elsewhere.example)"), e::getMessage);
    assertEquals(List.of("/schema?depth=folder"), server.paths());
  }

  @Test void aLinkThatIsNoHttpUrlIsNotFollowed() {
    server.serve(Map.of("/schema?depth=folder",
        CannedServer.json(node(ROOT, "FOLDER"), "ftp://elsewhere.example/schema")));
    final ApiException e = tablesFail();
    assertTrue(e.getMessage().contains("sent a Link that is no HTTP URL (ftp://elsewhere.example/schema)"),
        e::getMessage);
    assertEquals(List.of("/schema?depth=folder"), server.paths());
  }

  @Test void aFolderInsideItselfIsWalkedOnce() {
    // It was walked again for every time it listed itself, forever.
    server.serve(Map.of(
        "/schema?depth=folder", page(node(ROOT, "FOLDER", FOLDER, "FOLDER")),
        "/schema/" + ROOT + "?depth=folder", page(node(ROOT, "FOLDER", FOLDER, "FOLDER")),
        "/schema/" + FOLDER + "?depth=folder",
        page(node(FOLDER, "FOLDER", FOLDER, "FOLDER", ROOT, "FOLDER", DB, "DATABASE"))));
    assertEquals(List.of(DB), assertTimeoutPreemptively(Duration.ofSeconds(5), adapter::tables).stream()
        .map(TableEntry::id).toList());
    assertEquals(List.of("/schema?depth=folder", "/schema/" + FOLDER + "?depth=folder"), server.paths());
  }

  @Test void aGroupInsideItselfIsReadOnce() {
    // The walk recursed into the group for as long as the stack lasted: a StackOverflowError.
    server.serve(Map.of(
        "/schema/" + DB + "?depth=valueset", page(node(DB, "DATABASE", GROUP, "GROUP", COUNT, "COUNT")),
        "/schema/" + GROUP + "?depth=valueset",
        page(node(GROUP, "GROUP", GROUP, "GROUP", FIELD, "FIELD", DB, "GROUP")),
        "/schema/" + FIELD + "?depth=valueset", page(node(FIELD, "FIELD", VALUESET, "VALUESET"))));
    final CubeTableMeta table = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> adapter.describe(new TableEntry(DB, "db", "")));
    assertEquals(List.of(FIELD), table.dimensions().stream().map(d -> d.id()).toList());
    assertEquals(List.of(COUNT), table.measures().stream().map(m -> m.id()).toList());
    assertEquals(List.of("/schema/" + DB + "?depth=valueset", "/schema/" + GROUP + "?depth=valueset",
        "/schema/" + FIELD + "?depth=valueset"), server.paths());
  }

  @Test void aNodeWithARepeatedKeyOrTextAfterItIsMalformed() {
    // Both were read: the last "id" won, and the text after the node was never looked at.
    for (String body : List.of(node(ROOT, "FOLDER").replace("{\"id\":", "{\"id\":\"str:folder:x\",\"id\":"),
        node(ROOT, "FOLDER") + " {}")) {
      server.serve(Map.of("/schema?depth=folder", page(body)));
      final ApiException e = tablesFail();
      assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
      assertTrue(e.getMessage().startsWith(
          "SuperSTAR API at localhost sent malformed JSON for GET /schema?depth=folder: "), e::getMessage);
      assertTrue(e.getMessage().contains("Duplicate field 'id'") || e.getMessage().contains("Trailing token"),
          e::getMessage);
    }
  }
}
