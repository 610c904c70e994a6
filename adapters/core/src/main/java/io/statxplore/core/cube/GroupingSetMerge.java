package io.statxplore.core.cube;

import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges two pushed queries whose rows one request gives: Calcite writes a grouping set given
 * twice ({@code GROUPING SETS ((a), (a))}) as a {@code UNION ALL} of two aggregates, which
 * differ only in their grouping sets; the merged query gives the second one's sets again
 * ({@link CubeAggregate#repeated()}).
 */
final class GroupingSetMerge {
  private GroupingSetMerge() {
  }

  /**
   * {@code query} giving also the rows of {@code other}, when the two differ only in the
   * grouping sets of their aggregate: the other's sets are given again. Null when they differ
   * otherwise.
   */
  static @Nullable CubeQueryRel merge(CubeQueryRel query, CubeQueryRel other) {
    final List<CubeRel> stack = query.stack();
    final int k = query.aggregateIndex();
    if (other.table() != query.table() || other.stack().size() != stack.size() || k < 0 || query.isPreview()
        || !(other.stack().get(k) instanceof CubeAggregate theirs)) {
      return null;
    }
    final CubeAggregate ours = (CubeAggregate) stack.get(k);
    if (!CubeQueryRel.explain(ours.getInput()).equals(CubeQueryRel.explain(theirs.getInput()))) {
      return null;
    }
    // The other query with this one's aggregate in place of its own must be this query.
    final CubeQueryRel aligned =
        other.replacing(k, (CubeRel) ours.copy(ours.getTraitSet(), List.of(theirs.getInput())));
    if (!aligned.getDigest().equals(query.getDigest())) {
      return null;
    }
    final List<ImmutableBitSet> sets = new ArrayList<>(theirs.getGroupSets());
    sets.addAll(theirs.repeated());
    return rollsUp(ours, sets) && query.capabilities().totals() == CubeCapabilities.Totals.NONE ? null
        : query.replacing(k, ours.repeating(ours.getInput(), sets));
  }

  /**
   * {@code query} giving also the rows of {@code projects} over {@code other}, when those are the
   * rows of one grouping set of the query's keys: {@code other} aggregates by that set alone, and
   * {@code projects} lay its columns out as the query's, with nulls for the keys the set leaves
   * out and the set's GROUPING values. That is how Calcite writes a grouping set given twice
   * that leaves out keys. Null otherwise.
   */
  static @Nullable CubeQueryRel merge(CubeQueryRel query, CubeQueryRel other, List<RexNode> projects) {
    final List<CubeRel> stack = query.stack();
    final int k = query.aggregateIndex();
    // Above the query's aggregate there may be a projection of its columns, in select order.
    if (other.table() != query.table() || k < 0 || query.isPreview() || other.stack().size() != k + 1
        || stack.size() > k + 2 || stack.size() == k + 2 && !(query.top() instanceof CubeProject)
        || !(other.top() instanceof CubeAggregate theirs) || theirs.getGroupSets().size() != 1
        || !theirs.repeated().isEmpty() || projects.size() != query.getRowType().getFieldCount()) {
      return null;
    }
    final CubeAggregate ours = (CubeAggregate) stack.get(k);
    final ImmutableBitSet set = theirs.getGroupSet();
    if (!ours.getGroupSet().contains(set)
        || !CubeQueryRel.explain(ours.getInput()).equals(CubeQueryRel.explain(theirs.getInput()))) {
      return null;
    }
    final List<Integer> keys = ours.getGroupSet().asList();
    final List<Integer> theirKeys = set.asList();
    for (int j = 0; j < projects.size(); j++) {
      final RexNode p = projects.get(j);
      final int field = k == stack.size() - 1 ? j
          : ((RexInputRef) ((CubeProject) query.top()).getProjects().get(j)).getIndex();
      final boolean same;
      if (field < keys.size()) {
        final int at = theirKeys.indexOf(keys.get(field));
        same = at >= 0 ? isRef(p, at) : RexLiteral.isNullLiteral(p);
      } else {
        final AggregateCall call = ours.getAggCallList().get(field - keys.size());
        final int at = p instanceof RexInputRef ref ? ref.getIndex() - theirKeys.size() : -1;
        same = at >= 0 ? sameCall(call, theirs.getAggCallList().get(at))
            : call.getAggregation().getKind() == SqlKind.GROUPING && p instanceof RexLiteral literal
                && Long.valueOf(grouping(call, set)).equals(literal.getValueAs(Long.class));
      }
      if (!same) {
        return null;
      }
    }
    return rollsUp(ours, List.of(set)) && query.capabilities().totals() == CubeCapabilities.Totals.NONE ? null
        : query.replacing(k, ours.repeating(ours.getInput(), List.of(set)));
  }

  /** Whether {@code sets} given again leave out keys of {@code aggregate}: their rows need Totals. */
  private static boolean rollsUp(CubeAggregate aggregate, List<ImmutableBitSet> sets) {
    return sets.stream().anyMatch(s -> !s.equals(aggregate.getGroupSet()));
  }

  private static boolean isRef(RexNode node, int index) {
    return node instanceof RexInputRef ref && ref.getIndex() == index;
  }

  private static boolean sameCall(AggregateCall a, AggregateCall b) {
    return a.getAggregation().equals(b.getAggregation()) && a.getArgList().equals(b.getArgList())
        && a.isDistinct() == b.isDistinct() && a.filterArg == b.filterArg;
  }

  /** The value of {@code GROUPING(...)} in the rows of grouping set {@code set}. */
  private static long grouping(AggregateCall call, ImmutableBitSet set) {
    long bits = 0;
    for (int arg : call.getArgList()) {
      bits = (bits << 1) | (set.get(arg) ? 0 : 1);
    }
    return bits;
  }
}
