package io.statxplore.superstar.sql;

import io.statxplore.core.testkit.SqlKit;
import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.SuperstarAdapterFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static io.statxplore.superstar.sql.SqlAssert.rows;

/**
 * Tests against one {@link UcServer} per class, each test with a fresh connection whose table
 * metadata is already loaded, so that it sees only its own requests. The connection is the test
 * kit's ({@link #open}); the driver's tests open the driver's instead.
 */
public abstract class UcServerTestBase {
  public static final String N = "households_on_universal_credit";

  protected static FakeSuperstar server;
  protected Connection connection;
  /** The kit behind {@link #connection}, or null where a subclass opens another. */
  protected SqlKit<Object> kit;

  @BeforeAll static void startServer() {
    server = UcServer.start();
  }

  @AfterAll static void stopServer() {
    server.close();
  }

  /** A connection to {@code server} with key {@code test-key}. */
  protected Connection open(FakeSuperstar server) throws SQLException {
    kit = SqlKit.open(new SuperstarAdapterFactory(), server.baseUrl()).key("test-key").kit();
    return kit.connection();
  }

  @BeforeEach void connect() throws SQLException {
    connection = open(server);
    rows(connection, "select * from uc_households where 1 = 0");
    server.clearRequests();
  }

  @AfterEach void close() throws SQLException {
    connection.close();
    if (kit != null) {
      kit.close();
    }
  }

  protected List<List<Object>> query(String sql) throws SQLException {
    return rows(connection, sql);
  }
}
