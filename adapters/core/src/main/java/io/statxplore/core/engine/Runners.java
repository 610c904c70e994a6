package io.statxplore.core.engine;

import io.statxplore.core.http.CallScope;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;

import java.util.concurrent.atomic.AtomicBoolean;

/** How the physical operators of both paths call their {@link Runner}, and what it runs under. */
public final class Runners {
  private Runners() {
  }

  /** The code of an operator with {@code rowType} whose rows {@code runner} gives. */
  public static EnumerableRel.Result implement(EnumerableRelImplementor implementor, RelDataType rowType,
      EnumerableRel.Prefer pref, Runner runner) {
    final PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), rowType, pref.prefer(JavaRowFormat.ARRAY));
    final Expression rows = Expressions.call(implementor.stash(runner, Runner.class), "run",
        implementor.getRootExpression());
    return implementor.result(physType, Blocks.toBlock(physType.getFormat() == JavaRowFormat.SCALAR
        ? Expressions.call(Runners.class, "scalars", rows) : rows));
  }

  /** Called by generated code for a one-column result, whose rows Calcite expects as values. */
  public static Enumerable<Object> scalars(Enumerable<Object[]> rows) {
    return rows.select(row -> row[0]);
  }

  /** What bounds the requests of {@code root}'s execution: its statement's deadline and cancel flag. */
  public static CallScope scope(DataContext root) {
    final AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    final Long timeout = DataContext.Variable.TIMEOUT.get(root);
    return CallScope.of(timeout == null ? 0 : timeout, cancelled);
  }
}
