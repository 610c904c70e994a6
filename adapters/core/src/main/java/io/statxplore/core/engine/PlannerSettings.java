package io.statxplore.core.engine;

import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;

import java.io.Reader;
import java.util.Map;

/**
 * The Calcite settings every connection over the engine plans with, whoever opens it (the
 * driver, a test): what they name must hold for the engine's rules and names to mean what they
 * say.
 */
public final class PlannerSettings {
  /**
   * Calcite connection properties. The Babel parser accepts labels such as month or year as
   * column names; its BABEL conformance is not used: it turns ROLLUP keys into ANY_VALUE, which
   * fills Total rows with an arbitrary label. Names are matched as typed, ignoring case, and the
   * metadata tables carry each table's and column's remarks.
   */
  public static final Map<String, String> CALCITE = Map.of(
      "parserFactory", "org.apache.calcite.sql.parser.babel.SqlBabelParserImpl#FACTORY",
      "unquotedCasing", "UNCHANGED",
      "quotedCasing", "UNCHANGED",
      "caseSensitive", "false",
      // Names, not class literals: a command-line tool that reads no metadata loads no Calcite metadata classes.
      "metaTableFactory", "io.statxplore.core.engine.MetaTableFactory",
      "metaColumnFactory", "io.statxplore.core.engine.MetaColumnFactory");

  private PlannerSettings() {
  }

  /**
   * The parser {@link #CALCITE} names, for column names made outside a connection. It is loaded
   * when the first text is parsed, so that a command that parses none (harvest) does not pay for
   * its initialisation.
   */
  public static SqlParserImplFactory parserFactory() {
    return LazyBabel.INSTANCE;
  }

  /** Babel's factory, loaded on first use. */
  private enum LazyBabel implements SqlParserImplFactory {
    INSTANCE;

    @Override public SqlAbstractParserImpl getParser(Reader stream) {
      return SqlBabelParserImpl.FACTORY.getParser(stream);
    }

    @Override public DdlExecutor getDdlExecutor() {
      return SqlBabelParserImpl.FACTORY.getDdlExecutor();
    }
  }
}
