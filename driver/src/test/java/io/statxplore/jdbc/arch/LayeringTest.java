package io.statxplore.jdbc.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.util.Set;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering DESIGN §2 promises, over the main code of every module on the driver's class
 * path (the driver sees them all): the driver uses the core and finds adapters only through the
 * SPI; adapters use the core and not each other; the core's packages are layered
 * {@code http <- spi <- engine <- cube, record}; no package cycle anywhere.
 */
@AnalyzeClasses(packages = {"io.statxplore", "org.apache.calcite.jdbc"},
    importOptions = {ImportOption.DoNotIncludeTests.class, LayeringTest.OwnCode.class})
class LayeringTest {
  /**
   * The project's main classes: Calcite's own in {@code org.apache.calcite.jdbc} are not, the
   * driver's there are; nor are the modules' test-jars (the SQL test kit and the servers the
   * driver's tests share), which {@link ImportOption.DoNotIncludeTests} sees only as class folders.
   */
  static final class OwnCode implements ImportOption {
    @Override public boolean includes(Location location) {
      return !location.contains("/calcite-core-") && !location.contains("-tests.jar");
    }
  }

  /** The modules of {@code io.statxplore} that are not adapters. */
  private static final Set<String> NOT_ADAPTERS = Set.of("core", "jdbc", "examples");

  /** Each adapter module (a top package of {@code io.statxplore} but the core, driver, examples) is a slice. */
  private static final SliceAssignment ADAPTERS = new SliceAssignment() {
    @Override public SliceIdentifier getIdentifierOf(JavaClass c) {
      final String[] parts = c.getPackageName().split("\\.");
      return parts.length > 2 && parts[0].equals("io") && parts[1].equals("statxplore")
          && !NOT_ADAPTERS.contains(parts[2]) ? SliceIdentifier.of(parts[2]) : SliceIdentifier.ignore();
    }

    @Override public String getDescription() {
      return "adapter modules";
    }
  };

  @ArchTest static final ArchRule DRIVER_ADAPTERS_CORE = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("Driver").definedBy("io.statxplore.jdbc..", "org.apache.calcite.jdbc..")
      .layer("Adapters").definedBy(DescribedPredicate.describe("adapter modules",
          c -> ADAPTERS.getIdentifierOf(c) != SliceIdentifier.ignore()))
      .layer("Core").definedBy("io.statxplore.core..")
      .whereLayer("Driver").mayNotBeAccessedByAnyLayer()
      .whereLayer("Adapters").mayNotBeAccessedByAnyLayer()
      .whereLayer("Core").mayOnlyBeAccessedByLayers("Driver", "Adapters");

  @ArchTest static final ArchRule ADAPTERS_ARE_INDEPENDENT = slices().assignedFrom(ADAPTERS)
      .should().notDependOnEachOther();

  @ArchTest static final ArchRule CORE_PACKAGES = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("cube").definedBy("io.statxplore.core.cube..")
      .layer("record").definedBy("io.statxplore.core.record..")
      .layer("engine").definedBy("io.statxplore.core.engine..")
      .layer("spi").definedBy("io.statxplore.core.spi..")
      .layer("http").definedBy("io.statxplore.core.http..")
      .whereLayer("cube").mayNotBeAccessedByAnyLayer()
      .whereLayer("record").mayNotBeAccessedByAnyLayer()
      .whereLayer("engine").mayOnlyBeAccessedByLayers("cube", "record")
      .whereLayer("spi").mayOnlyBeAccessedByLayers("engine", "cube", "record")
      .whereLayer("http").mayOnlyBeAccessedByLayers("spi", "engine", "cube", "record");

  @ArchTest static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.statxplore.(**)").should().beFreeOfCycles();
}
