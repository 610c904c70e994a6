package io.statxplore.core.record;

import io.statxplore.core.http.ApiException;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.function.Function;

/**
 * Streams an answer that an API returns in pages, as one cursor: for APIs whose requests take a
 * page number and size ({@code page}/{@code pagesize}) or an aligned offset and limit. The client
 * asks for the size it prefers; a server may answer fewer rows than asked (its page cap, a JSON
 * record limit). The cap is learnt from the answers, never assumed: a page shorter than asked
 * while the reported total says more rows follow reveals it, and the rest is read in pages of
 * that size. A page is held in memory while its rows are returned, so memory is bounded by one
 * page; the offset and limit of the query are applied across pages.
 */
public final class PagedCursor implements RecordCursor {
  /**
   * One page as the server answered it.
   *
   * @param rows its rows, as {@link RecordCursor#next()} returns them
   * @param total rows of the whole answer if the server reports it, else null
   */
  public record Page(List<Object[]> rows, @Nullable Long total) { }

  /** Requests one page. */
  @FunctionalInterface
  public interface Fetcher {
    /** The rows from position {@code start} (a multiple of {@code size}), at most {@code size} of them. */
    Page fetch(long start, int size);
  }

  private final Fetcher fetcher;
  private final Function<String, ApiException> broken;
  private final long end;
  private long position;
  private int size;
  private @Nullable List<Object[]> rows;
  private int next;
  private boolean last;
  private boolean done;

  /**
   * @param fetcher sends one request
   * @param offset rows of the answer to skip
   * @param fetch rows wanted after the offset, or null for all
   * @param preferred rows per page the client asks for when the query sets no limit
   * @param knownCap rows per answer the server has declared (e.g. in an info resource), or null
   * @param broken the exception for an answer that contradicts its request, given why
   */
  public PagedCursor(Fetcher fetcher, long offset, @Nullable Long fetch, int preferred, @Nullable Integer knownCap,
      Function<String, ApiException> broken) {
    this.fetcher = fetcher;
    this.broken = broken;
    this.position = offset;
    this.end = fetch == null ? Long.MAX_VALUE : offset + fetch;
    final int cap = knownCap == null ? Integer.MAX_VALUE : Math.max(1, knownCap);
    final long wanted = fetch == null ? preferred : Math.max(1, fetch);
    long s = Math.min(cap, wanted);
    if (offset % s != 0) {
      // One page from the start holds the offset and the rows wanted, when the cap allows.
      s = Math.min(cap, offset + wanted);
    }
    this.size = (int) Math.min(Integer.MAX_VALUE, s);
    this.done = fetch != null && fetch == 0;
  }

  /** The page size the next request asks for: where the cursor starts, or the cap it has learnt. */
  public int pageSize() {
    return size;
  }

  @Override public Object @Nullable [] next() {
    while (!done) {
      if (rows != null && next < rows.size()) {
        position++;
        final Object[] row = rows.get(next++);
        if (position >= end) {
          done = true;
        }
        return row;
      }
      if (rows != null && last) {
        done = true;
        break;
      }
      read();
    }
    rows = null;
    return null;
  }

  /** Requests the page that holds {@code position}, and learns the cap from a short one. */
  private void read() {
    final long start = position / size * size;
    final Page page = fetcher.fetch(start, size);
    final int n = page.rows().size();
    if (n > size) {
      throw broken.apply("it has " + n + " rows where at most " + size + " were asked for");
    }
    final long after = start + n;
    final Long total = page.total();
    if (after < position) {
      // The answer ends before the offset.
      rows = List.of();
      last = true;
      return;
    }
    rows = page.rows();
    next = (int) (position - start);
    if (n == size) {
      last = total != null && after >= total;
    } else if (total != null && after < total) {
      if (n == 0) {
        throw broken.apply("it has no rows at position " + start + " of " + total);
      }
      // A server's cap: the rest in pages of that size.
      size = n;
      last = false;
    } else {
      last = true;
    }
  }

  @Override public void close() {
    done = true;
    rows = null;
  }
}
