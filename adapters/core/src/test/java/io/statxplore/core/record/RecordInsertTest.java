package io.statxplore.core.record;

import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.TableEntry;
import io.statxplore.core.testkit.SqlKit;

import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code INSERT} hands the adapter each row as an array of its columns' values, however many columns it has. */
class RecordInsertTest {
  /** A record API that only takes rows: table {@code one} with one column, {@code two} with two. */
  private static final class Sink extends RecordAdapter {
    final List<String> inserted = new ArrayList<>();

    @Override public List<TableEntry> tables() {
      return List.of(new TableEntry("one", "one", "one column"), new TableEntry("two", "two", "two columns"));
    }

    @Override public RecordTableMeta columns(TableEntry table) {
      final List<RecordColumn> columns = new ArrayList<>();
      columns.add(new RecordColumn("name", "name", SqlTypeName.VARCHAR, ""));
      if (table.id().equals("two")) {
        columns.add(new RecordColumn("n", "n", SqlTypeName.BIGINT, ""));
      }
      return new RecordTableMeta(table, columns);
    }

    @Override public long insert(RecordTableMeta table, List<Object[]> rows) {
      rows.forEach(r -> inserted.add(table.entry().id() + Arrays.toString(r)));
      return rows.size();
    }

    @Override public FilterSupport filter(Pred pred) {
      return FilterSupport.NONE;
    }

    @Override public boolean canGroupBy(RecordColumn column) {
      return false;
    }

    @Override public boolean canAggregate(Agg.Function function, @Nullable RecordColumn column) {
      return false;
    }

    @Override public boolean canSort(Output output) {
      return false;
    }

    @Override public RecordCursor execute(RecordQuery query, CallScope scope) {
      throw new UnsupportedOperationException("rows are only written here");
    }

    @Override public String explain(RecordQuery query) {
      return "nothing";
    }

    @Override public void close() {
    }
  }

  @Test void aOneColumnTableTakesRowsAsTheOthersDo() throws SQLException {
    final Sink sink = new Sink();
    try (SqlKit<RecordQuery> kit = SqlKit.over(sink); Statement s = kit.connection().createStatement()) {
      assertEquals(2, s.executeUpdate("INSERT INTO s.one VALUES ('a'), ('b')"));
      assertEquals(1, s.executeUpdate("INSERT INTO s.two VALUES ('c', 3)"));
    }
    assertEquals(List.of("one[a]", "one[b]", "two[c, 3]"), sink.inserted);
  }
}
