package io.statxplore.core.record;

import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Translates a Calcite condition into a {@link Pred}, or says it has no neutral form. */
final class RexPreds {
  private RexPreds() {
  }

  /** {@code node} over the outputs of {@code query} as a predicate, or null. */
  static @Nullable Pred translate(RexNode node, RecordQuery query, RexBuilder rexBuilder) {
    if (SqlKind.BINARY_COMPARISON.contains(node.getKind())) {
      return compare((RexCall) node, query);
    }
    switch (node.getKind()) {
    case SEARCH:
      return translate(RexUtil.expandSearch(rexBuilder, null, node), query, rexBuilder);
    case AND:
    case OR: {
      final List<Pred> operands = new ArrayList<>();
      for (RexNode o : ((RexCall) node).getOperands()) {
        final Pred p = translate(o, query, rexBuilder);
        if (p == null) {
          return null;
        }
        operands.add(p);
      }
      return node.getKind() == SqlKind.AND ? new Pred.And(operands) : new Pred.Or(operands);
    }
    case NOT: {
      final Pred p = translate(((RexCall) node).getOperands().get(0), query, rexBuilder);
      if (p instanceof Pred.IsNull n) {
        return new Pred.IsNull(n.column(), !n.negated());
      }
      // NOT of AND/OR is not pushed: with NULLs, SQL's three-valued NOT differs from NOT of a union.
      return p instanceof Pred.Compare || p instanceof Pred.StartsWith ? new Pred.Not(p) : null;
    }
    case IS_NULL:
    case IS_NOT_NULL: {
      final RecordColumn c = column(((RexCall) node).getOperands().get(0), query);
      return c == null ? null : new Pred.IsNull(c, node.getKind() == SqlKind.IS_NOT_NULL);
    }
    case LIKE:
      return like((RexCall) node, query);
    case INPUT_REF: {
      final RecordColumn c = node.getType().getSqlTypeName() == SqlTypeName.BOOLEAN ? column(node, query) : null;
      return c == null ? null : new Pred.Compare(c, Pred.Op.EQ, true);
    }
    default:
      return null;
    }
  }

  private static @Nullable Pred compare(RexCall call, RecordQuery query) {
    RecordColumn c = column(call.getOperands().get(0), query);
    Object value = value(call.getOperands().get(1));
    SqlKind kind = call.getKind();
    if (c == null || value == null) {
      c = column(call.getOperands().get(1), query);
      value = value(call.getOperands().get(0));
      kind = kind.reverse();
    }
    if (c == null || value == null) {
      return null;
    }
    final Pred.Op op = switch (kind) {
      case EQUALS -> Pred.Op.EQ;
      case NOT_EQUALS -> Pred.Op.NE;
      case LESS_THAN -> Pred.Op.LT;
      case LESS_THAN_OR_EQUAL -> Pred.Op.LE;
      case GREATER_THAN -> Pred.Op.GT;
      case GREATER_THAN_OR_EQUAL -> Pred.Op.GE;
      default -> null;  // IS [NOT] DISTINCT FROM: true or false for nulls, which no Op is
    };
    return op == null ? null : new Pred.Compare(c, op, value);
  }

  /** {@code LIKE 'prefix%'} without other wildcards or an escape. */
  private static @Nullable Pred like(RexCall call, RecordQuery query) {
    final RecordColumn c = column(call.getOperands().get(0), query);
    if (c == null || call.getOperands().size() != 2 || !(value(call.getOperands().get(1)) instanceof String s)) {
      return null;
    }
    final String prefix = s.endsWith("%") ? s.substring(0, s.length() - 1) : null;
    return prefix == null || prefix.isEmpty() || prefix.contains("%") || prefix.contains("_")
        ? null : new Pred.StartsWith(c, prefix);
  }

  /** The column a reference (possibly widened by a CAST within its type family) reads. */
  private static @Nullable RecordColumn column(RexNode node, RecordQuery query) {
    if (node.getKind() == SqlKind.CAST) {
      final RexNode operand = ((RexCall) node).getOperands().get(0);
      final boolean widening = SqlTypeUtil.isNumeric(operand.getType()) && SqlTypeUtil.isNumeric(node.getType())
          || SqlTypeUtil.isCharacter(operand.getType()) && SqlTypeUtil.isCharacter(node.getType());
      return widening ? column(operand, query) : null;
    }
    return node instanceof RexInputRef ref ? query.columnOf(ref.getIndex()) : null;
  }

  /** A literal's value in {@link Pred}'s types, or null if it is not a usable literal. */
  private static @Nullable Object value(RexNode node) {
    if (node.getKind() == SqlKind.CAST) {
      return value(((RexCall) node).getOperands().get(0));
    }
    if (!(node instanceof RexLiteral literal) || literal.isNull()) {
      return null;
    }
    final SqlTypeName type = literal.getTypeName();
    if (type.getFamily() == SqlTypeFamily.CHARACTER) {
      return literal.getValueAs(String.class);
    }
    if (type == SqlTypeName.BOOLEAN) {
      return literal.getValueAs(Boolean.class);
    }
    if (type == SqlTypeName.DATE) {
      return LocalDate.parse(literal.getValueAs(DateString.class).toString());
    }
    if (type == SqlTypeName.TIMESTAMP) {
      return LocalDateTime.parse(literal.getValueAs(TimestampString.class).toString().replace(' ', 'T'));
    }
    if (SqlTypeName.NUMERIC_TYPES.contains(type)) {
      final BigDecimal d = literal.getValueAs(BigDecimal.class);
      return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
    }
    return null;
  }
}
