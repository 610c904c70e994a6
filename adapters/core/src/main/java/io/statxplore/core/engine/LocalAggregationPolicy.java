package io.statxplore.core.engine;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a final plan for aggregates Calcite computes over raw API cells, because the API could
 * not compute them in the request, and applies the API's {@link LocalAggregation}: where it
 * perturbs every cell (Stat-Xplore), a local sum of cells is not the API's figure and gets a
 * warning; where its figures are exact it needs none; where combining cells is not allowed the
 * query is refused. Non-additive measures (means, medians) cannot be re-aggregated at all: the
 * query is refused with a hint how to rewrite it.
 *
 * <p>The verdict is attached to the {@link CellSource} that reads the cells, so it travels with
 * the prepared plan.
 */
public final class LocalAggregationPolicy {
  /** A column that carries raw cell values of a measure, and the operator that reads them. */
  private record Cells(String column, boolean additive, String figures, CellSource source) { }

  /** The verdict gathered for one {@link CellSource}. */
  private static final class Verdict {
    final Set<String> warnings = new LinkedHashSet<>();
    String refusal;
  }

  private final Map<CellSource, Verdict> verdicts = new IdentityHashMap<>();

  private LocalAggregationPolicy() {
  }

  /** Returns {@code plan}, with verdicts attached where the plan aggregates API cells locally. */
  public static RelNode apply(RelNode plan) {
    final LocalAggregationPolicy policy = new LocalAggregationPolicy();
    policy.cells(plan);
    return policy.verdicts.isEmpty() ? plan : policy.rewrite(plan);
  }

  /** Which output columns of {@code rel} carry raw cells; null entries carry none. */
  private List<@Nullable Cells> cells(RelNode rel) {
    final List<List<@Nullable Cells>> inputs = new ArrayList<>();
    rel.getInputs().forEach(input -> inputs.add(cells(input)));
    final int width = rel.getRowType().getFieldCount();
    if (rel instanceof CellSource source) {
      return readCells(source);
    }
    if (rel instanceof Aggregate agg) {
      check(agg.getAggCallList(), inputs.get(0));
      // Group keys and picked values still carry cells: DISTINCT and WITHIN DISTINCT aggregates
      // are planned as an aggregate over such an aggregate.
      final List<@Nullable Cells> out = new ArrayList<>();
      agg.getGroupSet().forEach(k -> out.add(inputs.get(0).get(k)));
      for (AggregateCall call : agg.getAggCallList()) {
        out.add(picksOneValue(call) && call.getArgList().size() == 1
            ? inputs.get(0).get(call.getArgList().get(0)) : null);
      }
      return out;
    }
    if (rel instanceof Window window) {
      final List<@Nullable Cells> out = new ArrayList<>(inputs.get(0));
      window.groups.forEach(g -> check(g.getAggregateCalls(window), inputs.get(0)));
      out.addAll(none(width - out.size()));
      return out;
    }
    if (rel instanceof Calc calc) {
      final RexProgram program = calc.getProgram();
      return derive(program.getProjectList().stream().map(program::expandLocalRef).toList(), inputs.get(0));
    }
    if (rel instanceof Project project) {
      return derive(project.getProjects(), inputs.get(0));
    }
    if (rel instanceof Join) {
      final List<@Nullable Cells> out = new ArrayList<>(inputs.get(0));
      if (width > out.size()) {
        out.addAll(inputs.get(1));
      }
      return out;
    }
    if (rel instanceof SetOp) {
      final List<@Nullable Cells> out = new ArrayList<>(inputs.get(0));
      for (List<@Nullable Cells> other : inputs) {
        for (int i = 0; i < width; i++) {
          if (out.get(i) == null) {
            out.set(i, other.get(i));
          }
        }
      }
      return out;
    }
    if (inputs.size() == 1 && inputs.get(0).size() == width) {
      return inputs.get(0);  // filter, sort, limit, converters: same columns
    }
    return none(width);
  }

  private static List<@Nullable Cells> readCells(CellSource source) {
    final List<@Nullable Cells> out = new ArrayList<>();
    for (int i = 0; i < source.getRowType().getFieldCount(); i++) {
      final CellSource.Cells c = source.cells(i);
      out.add(c == null ? null : new Cells(c.column(), c.additive(), c.figures(), source));
    }
    return out;
  }

  private static List<@Nullable Cells> derive(List<RexNode> exprs, List<@Nullable Cells> input) {
    final List<@Nullable Cells> out = new ArrayList<>();
    for (RexNode e : exprs) {
      Cells found = null;
      for (int i : RelOptUtil.InputFinder.bits(e)) {
        final Cells c = input.get(i);
        if (c != null && (found == null || found.additive())) {
          found = c;
        }
      }
      out.add(found);
    }
    return out;
  }

  private void check(List<AggregateCall> calls, List<@Nullable Cells> input) {
    for (AggregateCall call : calls) {
      final List<Cells> read = new ArrayList<>();
      for (int arg : ImmutableBitSet.of(call.getArgList())) {
        if (input.get(arg) != null) {
          read.add(input.get(arg));
        }
      }
      if (read.isEmpty() || selectsOneValue(call)) {
        continue;
      }
      for (Cells c : read) {
        final Verdict v = verdicts.computeIfAbsent(c.source(), s -> new Verdict());
        final String table = c.source().tableName();
        final LocalAggregation allowed = c.source().localAggregation();
        if (c.additive() && allowed.mode() == LocalAggregation.Mode.PERTURBED) {
          v.warnings.add("An aggregate (" + kindName(call) + ") of " + c.column() + " was computed by"
              + " the driver from " + c.figures() + ", because the query could"
              + " not be sent to the API as one aggregate. " + allowed.reason() + ", so this figure may"
              + " differ from the API's own. To get the API's figure, GROUP BY dimension columns only and"
              + " use SUM directly on the measure column.");
        } else if (c.additive() && allowed.mode() == LocalAggregation.Mode.NEVER && v.refusal == null) {
          v.refusal = "An aggregate (" + kindName(call) + ") of " + c.column() + " would have to be computed"
              + " by the driver from " + c.figures() + ", because the query cannot be sent to the API"
              + " as one aggregate, and " + lowerFirst(allowed.reason()) + ". Let the API compute it: GROUP BY"
              + " dimension columns only and use SUM directly on the measure column, without COUNT, DISTINCT,"
              + " FILTER or expressions in the same query; or select the cells without aggregating.";
        } else if (!c.additive() && v.refusal == null) {
          v.refusal = c.column() + " cannot be aggregated by the driver: it holds a statistic of the"
              + " records in each cell of " + table + " (such as a mean or median), and combining cells"
              + " does not give the statistic of the combined records. Let the API compute it: GROUP BY"
              + " dimension columns only, with AVG(" + c.column() + ") for a mean, directly on the column"
              + " and without COUNT, DISTINCT, FILTER or expressions in the same query; or select the"
              + " column per cell without aggregating.";
        }
      }
    }
  }

  private static String lowerFirst(String sentence) {
    return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
  }

  private static String kindName(AggregateCall call) {
    return call.getAggregation().getKind() == SqlKind.SUM0 ? "SUM" : call.getAggregation().getName();
  }

  /** Aggregates that pick one of the API's own values (or count rows) rather than combine them. */
  private static boolean selectsOneValue(AggregateCall call) {
    return call.getAggregation().getKind() == SqlKind.COUNT || picksOneValue(call);
  }

  private static boolean picksOneValue(AggregateCall call) {
    switch (call.getAggregation().getKind()) {
    case MIN:
    case MAX:
    case ANY_VALUE:
    case SINGLE_VALUE:
    case FIRST_VALUE:
    case LAST_VALUE:
      return true;
    default:
      return false;
    }
  }

  private static List<@Nullable Cells> none(int width) {
    return new ArrayList<>(Collections.nCopies(Math.max(width, 0), null));
  }

  private RelNode rewrite(RelNode rel) {
    if (rel instanceof CellSource source) {
      final Verdict v = verdicts.get(source);
      return v == null ? source : source.withVerdict(List.copyOf(v.warnings), v.refusal);
    }
    final List<RelNode> inputs = new ArrayList<>();
    boolean changed = false;
    for (RelNode input : rel.getInputs()) {
      final RelNode rewritten = rewrite(input);
      changed |= rewritten != input;
      inputs.add(rewritten);
    }
    return changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
  }
}
