package io.statxplore.jdbc.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The SQL test kit (core's test-jar, which {@link LayeringTest} leaves out) uses core's main code
 * alone: no adapter, no driver, none of core's own tests (their in-memory adapters), so that any
 * adapter module can test itself with it.
 */
@AnalyzeClasses(packages = "io.statxplore")
class TestKitLayeringTest {
  /** A class compiled from a module's tests: a test class folder, or a test-jar. */
  private static final DescribedPredicate<JavaClass> TEST_CODE = DescribedPredicate.describe("test code",
      c -> c.getSource().map(s -> s.getUri().toString())
          .filter(u -> u.contains("/test-classes/") || u.contains("-tests.jar")).isPresent());

  @ArchTest static final ArchRule KIT_USES_CORE_MAIN_CODE_ONLY = noClasses()
      .that().resideInAPackage("io.statxplore.core.testkit..")
      .should().dependOnClassesThat(resideInAPackage("io.statxplore..").and(
          resideOutsideOfPackage("io.statxplore.core..")
              .or(TEST_CODE.and(resideOutsideOfPackage("io.statxplore.core.testkit..")))));
}
