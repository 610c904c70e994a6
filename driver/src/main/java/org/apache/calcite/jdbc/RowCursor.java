package org.apache.calcite.jdbc;

import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.util.IteratorCursor;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Avatica's cursor over a result's rows (arrays, or single values for one column) with getters
 * that read the row directly. Avatica's own array getter first tests every row for the other
 * shapes it supports (a List, a Struct); reading a million rows of four columns, that test took
 * a third of the time.
 */
final class RowCursor extends IteratorCursor<Object> {
  /** While a result set executes on this thread: where the iterator of its rows is put. */
  private static final ThreadLocal<Iterator<?>[]> OPENED = new ThreadLocal<>();

  private final boolean array;

  private RowCursor(Iterator<Object> rows, boolean array) {
    super(rows);
    this.array = array;
  }

  /** Something that creates Avatica's cursor over the rows: a result set's {@code execute()}. */
  @FunctionalInterface
  interface Execution {
    void run() throws SQLException;
  }

  /**
   * Runs {@code execution} and returns a cursor over the rows it opened, to use in place of
   * Avatica's; null when the rows have another shape (Avatica's cursor then stays).
   */
  @SuppressWarnings("unchecked")
  static @Nullable RowCursor open(Meta.CursorFactory rows, Execution execution) throws SQLException {
    final Iterator<?>[] opened = new Iterator<?>[1];
    OPENED.set(opened);
    try {
      execution.run();
    } finally {
      OPENED.remove();
    }
    final boolean array = rows.style == Meta.Style.ARRAY;
    return opened[0] == null || !array && rows.style != Meta.Style.OBJECT ? null
        : new RowCursor((Iterator<Object>) opened[0], array);
  }

  /** {@code rows}, noting the iterator a cursor takes of them while {@link #open} runs. */
  static <T> Enumerable<T> noted(Enumerable<T> rows) {
    final Iterator<?>[] opened = OPENED.get();
    if (opened == null) {
      return rows;
    }
    return new AbstractEnumerable<>() {
      @Override public Enumerator<T> enumerator() {
        return rows.enumerator();
      }

      @Override public Iterator<T> iterator() {
        final Iterator<T> iterator = rows.iterator();
        opened[0] = iterator;
        return iterator;
      }
    };
  }

  /** Column {@code ordinal} of the current row; like a getter, records whether it is null. */
  Object value(int ordinal) throws SQLException {
    final Object row;
    try {
      row = current();
    } catch (NoSuchElementException e) {
      throw new SQLException("The result set is not on a row: read values after next() returned true", "24000", e);
    }
    final Object value = array ? ((Object[]) row)[ordinal] : row;
    wasNull[0] = value == null;
    return value;
  }

  @Override protected Getter createGetter(int ordinal) {
    return new AbstractGetter() {
      @Override public Object getObject() throws SQLException {
        return value(ordinal);
      }
    };
  }
}
