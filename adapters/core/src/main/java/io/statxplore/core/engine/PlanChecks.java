package io.statxplore.core.engine;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.util.function.Consumer;

/**
 * Checks of a plan that turn failures Calcite would meet while compiling or running it into a
 * clear one when the statement is prepared, before any request is sent.
 */
final class PlanChecks {
  private PlanChecks() {
  }

  /** LIMIT and OFFSET within what Calcite's operators count (an {@code int}). */
  static void checkRowCounts(RelNode rel) {
    visit(rel, node -> {
      if (node instanceof Sort sort) {
        checkRowCount("OFFSET", sort.offset);
        checkRowCount("LIMIT", sort.fetch);
      }
    });
  }

  private static void checkRowCount(String clause, @Nullable RexNode count) {
    if (count instanceof RexLiteral literal) {
      final BigDecimal rows = literal.getValueAs(BigDecimal.class);
      if (rows != null && rows.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
        throw new InvalidValueException(InvalidValueException.OUT_OF_RANGE, clause + " " + rows.toPlainString()
            + " is above " + Integer.MAX_VALUE + ", the most rows it can count; leave the " + clause
            + " out to read every row");
      }
    }
  }

  /**
   * Constant expressions that cannot be computed: Calcite computes a constant once, in the static
   * initializer of the class it generates, where a failure is an {@link Error} (and, that class
   * being cached, another one at every later run): a text cast to a number it is not (as in
   * {@code measure > 'abc'}, whose text Calcite casts), an integer division by zero.
   */
  static RelNode checkConstants(RelNode rel) {
    final RexShuttle check = new RexShuttle() {
      @Override public RexNode visitCall(RexCall call) {
        if (call.getKind() == SqlKind.CAST && call.getOperands().get(0) instanceof RexLiteral literal
            && SqlTypeFamily.CHARACTER.contains(literal.getType()) && !literal.isNull()) {
          final SqlTypeName type = call.getType().getSqlTypeName();
          final String text = literal.getValueAs(String.class);
          if (Conversions.checks(type) && !Conversions.converts(text, type)) {
            throw new InvalidValueException(InvalidValueException.INVALID_CAST, "'" + text + "' is not "
                + Conversions.describe(type) + ", which the query compares it with or converts it to;"
                + " write " + (type == SqlTypeName.BOOLEAN ? "TRUE or FALSE" : "a number such as 100")
                + " without quotes");
          }
        }
        if ((call.getKind() == SqlKind.DIVIDE || call.getKind() == SqlKind.MOD)
            && call.getOperands().stream().allMatch(o -> o instanceof RexLiteral)
            && SqlTypeName.EXACT_TYPES.contains(call.getType().getSqlTypeName())
            && call.getOperands().get(1) instanceof RexLiteral divisor && !divisor.isNull()
            && BigDecimal.ZERO.compareTo(divisor.getValueAs(BigDecimal.class)) == 0) {
          throw new InvalidValueException(InvalidValueException.DIVISION_BY_ZERO, "The query divides "
              + call.getOperands().get(0) + " by zero");
        }
        return super.visitCall(call);
      }
    };
    visit(rel, node -> {
      if (node instanceof Calc calc) {
        // A program's expressions refer to each other: its outputs and condition, expanded, are checked whole.
        final RexProgram program = calc.getProgram();
        program.getProjectList().forEach(p -> program.expandLocalRef(p).accept(check));
        if (program.getCondition() != null) {
          program.expandLocalRef(program.getCondition()).accept(check);
        }
      } else {
        node.accept(check);
      }
    });
    return rel;
  }

  private static void visit(RelNode rel, Consumer<RelNode> check) {
    new RelVisitor() {
      @Override public void visit(RelNode node, int ordinal, @Nullable RelNode parent) {
        check.accept(node);
        super.visit(node, ordinal, parent);
      }
    }.go(rel);
  }
}
