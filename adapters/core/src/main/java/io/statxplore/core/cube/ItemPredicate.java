package io.statxplore.core.cube;

import io.statxplore.core.engine.Conversions;
import io.statxplore.core.engine.InvalidValueException;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Evaluates a predicate on the label and code columns of one dimension against that
 * dimension's item list, so that any such predicate becomes an exact list of items for the API
 * (a recode), whatever its shape: {@code =}, {@code <>}, {@code IN}, {@code NOT IN}, ranges,
 * {@code LIKE}, {@code UPPER}/{@code LOWER}, {@code IS [NOT] NULL}, {@code AND}/{@code OR}/{@code NOT}, with literals or
 * statement parameters (bound when the statement runs). It evaluates a {@code CASE} over these too,
 * so that a GROUP BY expression of one dimension has a known value per item ({@link #value}).
 *
 * <p>Dimension columns are never NULL at the finest grain, so the evaluation is exact; an item that
 * stands for a missing value ({@link Item#missing()}) is what {@code IS NULL} on a column selects.
 */
final class ItemPredicate {
  /** Thrown for an expression outside the supported subset. */
  private static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }

  private static final Unsupported UNSUPPORTED = new Unsupported();
  private static final SqlFunctions.LikeFunction LIKE = new SqlFunctions.LikeFunction();

  /** The values of the columns for the item being tested, and of the statement's parameters. */
  private interface Binding {
    String value(int column) throws Unsupported;

    /** Whether the item being tested stands for a missing value, which {@code IS NULL} selects. */
    default boolean missing() {
      return false;
    }

    Object parameter(int index);
  }

  /** Binds every column and parameter to one sample value, to check a whole expression. */
  private static final Binding SAMPLE = new Binding() {
    @Override public String value(int column) {
      return "";
    }

    @Override public Object parameter(int index) {
      return "";
    }
  };

  private ItemPredicate() {
  }

  /**
   * Whether the API can evaluate {@code condition}: it reads the label or code columns of exactly
   * one dimension and uses only supported operators.
   *
   * @param columnOf the table column behind an input column, or null if there is none
   */
  static boolean isPushable(RexNode condition, IntFunction<ColumnMeta> columnOf) {
    int dimension = -1;
    for (int i : RelOptUtil.InputFinder.bits(condition)) {
      final ColumnMeta c = columnOf.apply(i);
      if (c == null || !c.isDimension() || (dimension >= 0 && dimension != c.index())) {
        return false;
      }
      dimension = c.index();
    }
    if (dimension < 0) {
      return false;
    }
    try {
      eval(condition, SAMPLE);
      return true;
    } catch (Unsupported e) {
      return false;
    }
  }

  /**
   * Whether a GROUP BY expression over one dimension's columns that {@link #isPushable} accepts has a
   * value {@link #value} can give in the row's own type: text, a truth value or a number.
   */
  static boolean hasRowValue(RelDataType type) {
    return SqlTypeFamily.CHARACTER.contains(type) || SqlTypeFamily.BOOLEAN.contains(type) || javaClass(type) != null;
  }

  /**
   * The value {@code expression}, over table column ordinals, has for {@code item} of the one dimension it
   * reads, as the row holds it for the expression's type (see {@link #hasRowValue}).
   *
   * @param parameters the values of the statement's parameters, by index
   */
  static @Nullable Object value(RexNode expression, CubeTableMeta table, Item item,
      IntFunction<@Nullable Object> parameters) {
    final Object value = evalUnchecked(expression, binding(table, item, parameters));
    return value instanceof RexLiteral number ? number.getValueAs(javaClass(expression.getType())) : value;
  }

  /** The class a row holds a number of {@code type} in, or null for a type that is not a number. */
  private static @Nullable Class<?> javaClass(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case TINYINT -> Byte.class;
      case SMALLINT -> Short.class;
      case INTEGER -> Integer.class;
      case BIGINT -> Long.class;
      case DECIMAL -> java.math.BigDecimal.class;
      case REAL -> Float.class;
      case FLOAT, DOUBLE -> Double.class;
      default -> null;
    };
  }

  /**
   * The shape of a pushable {@code condition}, as an API's {@link CubeCapabilities#filters()} name
   * it: a complement where it negates ({@code NOT}, {@code <>}, {@code NOT IN}, {@code NOT LIKE}),
   * one item where it compares a column with one value ({@code =}, {@code IN} of one), else a set.
   * One value may still name several items by label; the request says so when it is built.
   */
  static CubeCapabilities.FilterShape shape(RexNode condition) {
    final boolean[] negates = new boolean[1];
    condition.accept(new RexVisitorImpl<Void>(true) {
      @Override public Void visitCall(RexCall call) {
        final SqlKind kind = call.getKind();
        if (kind == SqlKind.NOT || kind == SqlKind.NOT_EQUALS
            || call.getOperator() instanceof SqlLikeOperator like && like.isNegated()
            || kind == SqlKind.SEARCH && call.getOperands().get(1) instanceof RexLiteral literal
                && literal.getValueAs(Sarg.class) instanceof Sarg<?> sarg && sarg.isComplementedPoints()) {
          negates[0] = true;
        }
        return super.visitCall(call);
      }
    });
    if (negates[0]) {
      return CubeCapabilities.FilterShape.NEGATION;
    }
    final boolean single = condition instanceof RexCall call && call.getOperands().size() == 2
        && (call.getKind() == SqlKind.EQUALS && call.getOperands().stream().anyMatch(o -> o instanceof RexInputRef)
            && call.getOperands().stream().anyMatch(o -> o instanceof RexLiteral || o instanceof RexDynamicParam)
        || call.getKind() == SqlKind.SEARCH && call.getOperands().get(1) instanceof RexLiteral literal
            && literal.getValueAs(Sarg.class) instanceof Sarg<?> sarg && sarg.isPoints() && sarg.pointCount == 1);
    return single ? CubeCapabilities.FilterShape.SINGLE_ITEM : CubeCapabilities.FilterShape.ITEM_SET;
  }

  /**
   * Fails (42000) where {@code condition} converts a label or code column to a number or a
   * boolean (as Calcite does to compare it with one) and some item's value does not convert:
   * Calcite would fail on that row, after the request was sent.
   *
   * @param columnOf the table column behind an input column, or null if there is none
   */
  static void checkConversions(RexNode condition, IntFunction<ColumnMeta> columnOf, CubeTableMeta table) {
    condition.accept(new RexVisitorImpl<Void>(true) {
      @Override public Void visitCall(RexCall call) {
        final SqlTypeName type = call.getType().getSqlTypeName();
        if (call.getKind() == SqlKind.CAST && call.getOperands().get(0) instanceof RexInputRef ref
            && Conversions.checks(type)) {
          final ColumnMeta column = columnOf.apply(ref.getIndex());
          if (column != null && column.isDimension()) {
            for (Item item : table.dimensionOf(column).items()) {
              final String value = valueOf(column, item);
              if (!Conversions.converts(value, type)) {
                throw new ApiException(ApiErrorKind.BAD_REQUEST, "Column " + column.name() + " is text, and its"
                    + " value '" + value + "' is not " + Conversions.describe(type) + ", so it cannot be compared"
                    + " with one; compare it with text, e.g. " + column.name() + " = '1'");
              }
            }
          }
        }
        return super.visitCall(call);
      }
    });
  }

  /**
   * The items each filtered dimension keeps, for conditions over table column ordinals that
   * passed {@link #isPushable}; several conditions on one dimension intersect.
   *
   * @param parameters the values of the statement's parameters, by index
   */
  static Map<DimensionMeta, List<Item>> select(List<RexNode> conditions, CubeTableMeta table,
      IntFunction<@Nullable Object> parameters) {
    final Map<DimensionMeta, List<Item>> selections = new LinkedHashMap<>();
    for (RexNode condition : conditions) {
      for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
        final int column = RelOptUtil.InputFinder.bits(conjunct).nextSetBit(0);
        final DimensionMeta d = table.dimensionOf(table.column(column));
        final List<Item> kept = new ArrayList<>();
        for (Item item : selections.getOrDefault(d, d.items())) {
          if (Boolean.TRUE.equals(evalUnchecked(conjunct, binding(table, item, parameters)))) {
            kept.add(item);
          }
        }
        selections.put(d, kept);
      }
    }
    return selections;
  }

  /** Binds the columns of {@code item}'s dimension to its label and code, and the parameters to their text. */
  private static Binding binding(CubeTableMeta table, Item item, IntFunction<@Nullable Object> parameters) {
    return new Binding() {
      @Override public String value(int column) {
        return valueOf(table.column(column), item);
      }

      @Override public boolean missing() {
        return item.missing();
      }

      @Override public Object parameter(int index) {
        final Object value = parameters.apply(index);
        return value == null ? null : value.toString();
      }
    };
  }

  private static String valueOf(ColumnMeta column, Item item) {
    return column.kind() == ColumnMeta.Kind.CODE ? item.code() : item.label();
  }

  private static Object evalUnchecked(RexNode node, Binding binding) {
    try {
      return eval(node, binding);
    } catch (Unsupported e) {
      throw new IllegalStateException("predicate was accepted for pushdown but cannot be evaluated: " + node);
    }
  }

  /**
   * Evaluates every operand (no short cut), so that a call on a sample binding checks the whole
   * expression. Returns a String, a Boolean, null for SQL NULL / UNKNOWN, or a numeric literal as
   * itself: a value a {@code CASE} can give but nothing here compares.
   */
  private static Object eval(RexNode node, Binding binding) throws Unsupported {
    if (node instanceof RexInputRef ref) {
      return binding.value(ref.getIndex());
    }
    if (node instanceof RexLiteral literal) {
      return literal(literal);
    }
    if (node instanceof RexDynamicParam param) {
      if (!SqlTypeFamily.CHARACTER.contains(param.getType())) {
        throw UNSUPPORTED;
      }
      return binding.parameter(param.getIndex());
    }
    if (!(node instanceof RexCall call)) {
      throw UNSUPPORTED;
    }
    final List<RexNode> ops = call.getOperands();
    switch (call.getKind()) {
    case AND:
      return and(evalAll(ops, binding));
    case OR:
      return or(evalAll(ops, binding));
    case NOT:
      final Boolean b = bool(eval(ops.get(0), binding));
      return b == null ? null : !b;
    case CASE:
      return caseValue(ops, binding);
    case IS_NULL:
      return isNull(ops.get(0), binding);
    case IS_NOT_NULL:
      return !isNull(ops.get(0), binding);
    case EQUALS:
    case NOT_EQUALS:
    case LESS_THAN:
    case LESS_THAN_OR_EQUAL:
    case GREATER_THAN:
    case GREATER_THAN_OR_EQUAL:
      return compare(call, string(eval(ops.get(0), binding)), string(eval(ops.get(1), binding)));
    case SEARCH:
      return search(string(eval(ops.get(0), binding)), ops.get(1));
    case LIKE:
      final List<Object> operands = evalAll(ops, binding);
      // A pattern or escape bound when the statement runs is checked then.
      return binding == SAMPLE && !ops.stream().skip(1).allMatch(o -> o instanceof RexLiteral) ? null
          : like(call, operands);
    case CAST:
      // A cast to a bounded type truncates or pads, which the item list cannot evaluate.
      if (!SqlTypeFamily.CHARACTER.contains(call.getType())
          || call.getType().getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED) {
        throw UNSUPPORTED;
      }
      return string(eval(ops.get(0), binding));
    case OTHER_FUNCTION:
      final String name = call.getOperator().getName();
      final String s = string(eval(ops.get(0), binding));
      if ("UPPER".equals(name)) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
      }
      if ("LOWER".equals(name)) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
      }
      throw UNSUPPORTED;
    default:
      throw UNSUPPORTED;
    }
  }

  /** The value of the first WHEN that holds, else of the ELSE (the last operand, which Calcite always gives). */
  private static Object caseValue(List<RexNode> ops, Binding binding) throws Unsupported {
    final List<Object> values = evalAll(ops, binding);
    for (int i = 0; i + 1 < values.size(); i += 2) {
      if (Boolean.TRUE.equals(bool(values.get(i)))) {
        return values.get(i + 1);
      }
    }
    return values.get(values.size() - 1);
  }

  /** A column is NULL on an item that stands for a missing value, whatever text the item shows. */
  private static boolean isNull(RexNode operand, Binding binding) throws Unsupported {
    return eval(operand, binding) == null || operand instanceof RexInputRef && binding.missing();
  }

  private static List<Object> evalAll(List<RexNode> nodes, Binding binding) throws Unsupported {
    final List<Object> values = new ArrayList<>(nodes.size());
    for (RexNode n : nodes) {
      values.add(eval(n, binding));
    }
    return values;
  }

  private static Object literal(RexLiteral literal) throws Unsupported {
    if (literal.isNull()) {
      return null;
    }
    if (SqlTypeFamily.BOOLEAN.contains(literal.getType())) {
      return literal.getValueAs(Boolean.class);
    }
    if (javaClass(literal.getType()) != null) {
      return literal;
    }
    if (!SqlTypeFamily.CHARACTER.contains(literal.getType())) {
      throw UNSUPPORTED;
    }
    return literal.getValueAs(String.class);
  }

  private static String string(Object value) throws Unsupported {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw UNSUPPORTED;
  }

  private static Boolean bool(Object value) throws Unsupported {
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw UNSUPPORTED;
  }

  private static Boolean and(List<Object> values) throws Unsupported {
    boolean unknown = false;
    for (Object v : values) {
      final Boolean b = bool(v);
      if (b == null) {
        unknown = true;
      } else if (!b) {
        return false;
      }
    }
    return unknown ? null : true;
  }

  private static Boolean or(List<Object> values) throws Unsupported {
    boolean unknown = false;
    for (Object v : values) {
      final Boolean b = bool(v);
      if (b == null) {
        unknown = true;
      } else if (b) {
        return true;
      }
    }
    return unknown ? null : false;
  }

  private static Boolean compare(RexCall call, String a, String b) {
    if (a == null || b == null) {
      return null;
    }
    final int c = a.compareTo(b);
    switch (call.getKind()) {
    case EQUALS:
      return c == 0;
    case NOT_EQUALS:
      return c != 0;
    case LESS_THAN:
      return c < 0;
    case LESS_THAN_OR_EQUAL:
      return c <= 0;
    case GREATER_THAN:
      return c > 0;
    default:
      return c >= 0;
    }
  }

  @SuppressWarnings("unchecked")
  private static Boolean search(String value, RexNode sargNode) throws Unsupported {
    if (!(sargNode instanceof RexLiteral literal)
        || !SqlTypeFamily.CHARACTER.contains(literal.getType())) {
      throw UNSUPPORTED;
    }
    final Sarg<NlsString> sarg = literal.getValueAs(Sarg.class);
    if (sarg == null) {
      throw UNSUPPORTED;
    }
    return value == null ? null : sarg.rangeSet.contains(new NlsString(value, null, null));
  }

  private static Boolean like(RexCall call, List<Object> values) throws Unsupported {
    if (!(call.getOperator() instanceof SqlLikeOperator op)) {
      throw UNSUPPORTED;
    }
    final String s = string(values.get(0));
    final String pattern = string(values.get(1));
    final String escape = values.size() > 2 ? string(values.get(2)) : null;
    if (s == null || pattern == null || (values.size() > 2 && escape == null)) {
      return null;
    }
    if (escape != null && escape.length() != 1) {
      throw new InvalidValueException(InvalidValueException.INVALID_ESCAPE_CHARACTER, "The ESCAPE of a LIKE must be"
          + " one character, not '" + escape + "'");
    }
    final boolean matches;
    try {
      matches = op.isCaseSensitive()
          ? (escape == null ? LIKE.like(s, pattern) : LIKE.like(s, pattern, escape))
          : (escape == null ? LIKE.like(s.toUpperCase(Locale.ROOT), pattern.toUpperCase(Locale.ROOT))
              : LIKE.like(s.toUpperCase(Locale.ROOT), pattern.toUpperCase(Locale.ROOT), escape));
    } catch (RuntimeException e) {
      throw new InvalidValueException(InvalidValueException.INVALID_ESCAPE_SEQUENCE, "The LIKE pattern '" + pattern
          + "' is invalid with ESCAPE '" + escape + "': its escape character must precede %, _ or itself");
    }
    return op.isNegated() != matches;
  }
}
