package io.statxplore.it;

import schemacrawler.schema.Catalog;
import schemacrawler.schema.Table;
import schemacrawler.schemacrawler.InfoLevel;
import schemacrawler.schemacrawler.LimitOptionsBuilder;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSources;
import us.fatehi.utility.datasource.MultiUseUserCredentials;

import java.util.regex.Pattern;

/** Crawls the demo emulator's schema with SchemaCrawler at its standard level; prints tables and columns. */
public final class SchemaCrawlerHost {
  private SchemaCrawlerHost() {
  }

  public static void main(String[] args) throws Exception {
    final var source = DatabaseConnectionSources.newDatabaseConnectionSource("jdbc:statxplore:demo=true",
        new MultiUseUserCredentials("", ""));
    final var options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions()
        .withLimitOptions(LimitOptionsBuilder.builder().includeSchemas(Pattern.compile("statxplore")).toOptions())
        .withLoadOptions(LoadOptionsBuilder.builder().withInfoLevel(InfoLevel.standard).toOptions());
    final Catalog catalog = SchemaCrawlerUtility.getCatalog(source, options);
    int columns = 0;
    for (Table table : catalog.getTables()) {
      System.out.println("table=" + table.getFullName());
      columns += table.getColumns().size();
    }
    System.out.println("tables=" + catalog.getTables().size());
    System.out.println("columns=" + columns);
    source.close();
  }
}
