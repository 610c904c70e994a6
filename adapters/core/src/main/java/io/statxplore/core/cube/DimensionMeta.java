package io.statxplore.core.cube;

import java.util.List;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A dimension of a cube table: one classification of one field. A field with several
 * classifications (SuperSTAR value sets) gives several dimensions that share {@link #fieldId()};
 * a query may use only one of them.
 *
 * <p>Items are fetched on first use (they are needed only to translate filters and to ask for
 * totals), then kept.
 */
public final class DimensionMeta {
  private final String id;
  private final String fieldId;
  private final String label;
  private final String source;
  private final Supplier<List<Item>> load;
  private volatile List<Item> items;

  /**
   * @param id identifier the adapter sends in requests for this dimension
   * @param fieldId identifier of the field this classification belongs to
   * @param label human label
   * @param source where the dimension came from (URIs), shown in column REMARKS
   * @param items loads the items; called at most once
   */
  public DimensionMeta(String id, String fieldId, String label, String source,
      Supplier<List<Item>> items) {
    this.id = requireNonNull(id, "id");
    this.fieldId = requireNonNull(fieldId, "fieldId");
    this.label = requireNonNull(label, "label");
    this.source = requireNonNull(source, "source");
    this.load = requireNonNull(items, "items");
  }

  public String id() {
    return id;
  }

  public String fieldId() {
    return fieldId;
  }

  public String label() {
    return label;
  }

  public String source() {
    return source;
  }

  /** The items in the API's order; fetched on first call. */
  public List<Item> items() {
    List<Item> loaded = items;
    if (loaded == null) {
      synchronized (this) {
        loaded = items;
        if (loaded == null) {
          loaded = List.copyOf(load.get());
          items = loaded;
        }
      }
    }
    return loaded;
  }

  /** The number of items if they have been fetched, without fetching them; else -1. */
  public int itemCountIfLoaded() {
    final List<Item> loaded = items;
    return loaded == null ? -1 : loaded.size();
  }

  @Override public String toString() {
    return "Dimension[" + id + "]";
  }
}
