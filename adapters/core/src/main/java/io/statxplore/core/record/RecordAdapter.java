package io.statxplore.core.record;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.TableEntry;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * An API whose tables are record-shaped (rows with typed fields, ordinary SQL aggregate
 * semantics) rather than cubes: it declares which operators it can compute and renders a
 * {@link RecordQuery} as its own request. The engine plans with {@link RecordRules} and streams
 * rows with {@link RecordRunner}.
 */
public abstract class RecordAdapter implements ApiAdapter {
  /** How an API evaluates a predicate. */
  public enum FilterSupport {
    /** Exactly as SQL does. */
    EXACT,
    /** It keeps every row SQL keeps and maybe more: pushed, and checked again by the engine. */
    LOOSE,
    /** Not at all: evaluated by the engine. */
    NONE
  }

  /** The columns of one table. */
  public abstract RecordTableMeta columns(TableEntry table);

  @Override public RecordTable table(TableEntry entry, Executor background) {
    return new RecordTable(this, entry);
  }

  /** Whether the API evaluates {@code pred}, which holds no {@code AND}/{@code OR} of pushable parts. */
  public abstract FilterSupport filter(Pred pred);

  /** Whether the API groups by {@code column} (nulls forming a group, as in SQL). */
  public abstract boolean canGroupBy(RecordColumn column);

  /**
   * Whether one request groups by exactly {@code keys} together, each of which
   * {@link #canGroupBy(RecordColumn)} accepts: an OLAP API drills down to a hierarchy level, which
   * groups by the keys of the levels above too, so a level's key is exact only beside theirs (or
   * where {@code query}'s filter pins them to one value).
   */
  public boolean canGroupBy(RecordQuery query, List<RecordColumn> keys) {
    return true;
  }

  /** Whether the API computes {@code function} over {@code column} (null: {@code COUNT(*)}). */
  public abstract boolean canAggregate(Agg.Function function, @Nullable RecordColumn column);

  /**
   * Whether the API computes {@code function} over {@code column} of {@code table}: an API with
   * predefined aggregates only (an OLAP model's {@code amount.sum}, {@code _count}) computes what
   * the table's model defines. By default what {@link #canAggregate(Agg.Function, RecordColumn)} says.
   */
  public boolean canAggregate(TableEntry table, Agg.Function function, @Nullable RecordColumn column) {
    return canAggregate(function, column);
  }

  /** Whether the API sorts by {@code output} as SQL does (nulls high). */
  public abstract boolean canSort(Output output);

  /** Sends the request(s) of {@code query} within the statement's scope and streams the rows. */
  public abstract RecordCursor execute(RecordQuery query, CallScope scope);

  /** The request {@link #execute(RecordQuery, CallScope)} would send first, in the API's terms. */
  public abstract String explain(RecordQuery query);

  /**
   * Appends {@code rows} to a table ({@code INSERT}): values of {@code columns}, in Calcite's
   * representation, null where not given. Returns how many rows were written.
   */
  public long insert(RecordTableMeta table, List<Object[]> rows) {
    throw new ApiException(ApiErrorKind.UNSUPPORTED_QUERY, "INSERT is not supported by this API");
  }
}
