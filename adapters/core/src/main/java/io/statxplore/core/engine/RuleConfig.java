package io.statxplore.core.engine;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.tools.RelBuilderFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.function.Function;

/**
 * A plain {@link RelRule.Config}: Calcite generates its own with an annotation processor, which
 * an adapter does not need for a handful of rules.
 */
public record RuleConfig(RelBuilderFactory relBuilderFactory, @Nullable String description,
    RelRule.OperandTransform operandSupplier, Function<RuleConfig, RelOptRule> factory)
    implements RelRule.Config {
  public static RuleConfig of(String description, RelRule.OperandTransform operands,
      Function<RuleConfig, RelOptRule> factory) {
    return new RuleConfig(RelFactories.LOGICAL_BUILDER, description, operands, factory);
  }

  /** A rule matching {@code operator} directly over a pushed-query leaf of class {@code leaf}. */
  public static RelOptRule over(Class<? extends RelNode> operator, Class<? extends RelNode> leaf,
      String description, Function<RuleConfig, RelOptRule> factory) {
    return of(description, b -> b.operand(operator).oneInput(q -> q.operand(leaf).noInputs()), factory).toRule();
  }

  /** {@code projects} reading, in place of input {@code kept[i]}, input {@code i}. */
  public static List<RexNode> remap(List<RexNode> projects, List<Integer> kept) {
    return projects.stream().map(p -> p.accept(new RexShuttle() {
      @Override public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(kept.indexOf(ref.getIndex()), ref.getType());
      }
    })).toList();
  }

  /**
   * Whether {@code key} orders as an API that sorts "as SQL does" orders: ascending or descending,
   * with NULLs high (last ascending, first descending).
   */
  public static boolean nullsHigh(RelFieldCollation key) {
    return key.direction == RelFieldCollation.Direction.ASCENDING
        ? key.nullDirection == RelFieldCollation.NullDirection.LAST
        : key.direction == RelFieldCollation.Direction.DESCENDING
            && key.nullDirection == RelFieldCollation.NullDirection.FIRST;
  }

  @Override public RelOptRule toRule() {
    return factory.apply(this);
  }

  @Override public RuleConfig withRelBuilderFactory(RelBuilderFactory f) {
    return new RuleConfig(f, description, operandSupplier, factory);
  }

  @Override public RuleConfig withDescription(@Nullable String d) {
    return new RuleConfig(relBuilderFactory, d, operandSupplier, factory);
  }

  @Override public RuleConfig withOperandSupplier(RelRule.OperandTransform t) {
    return new RuleConfig(relBuilderFactory, description, t, factory);
  }
}
