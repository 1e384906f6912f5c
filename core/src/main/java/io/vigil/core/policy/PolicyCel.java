package io.vigil.core.policy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.StructTypeReference;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;

/**
 * The one CEL environment policies are compiled and evaluated in: the planner runtime, the standard
 * functions and macros ({@code has}, {@code exists}, {@code all}, ...), the strings and optionals
 * extensions, and four typed variables ({@code exposure}, {@code component}, {@code project},
 * {@code vuln}) whose fields are the components of the {@code *Facts} records. Built once (the
 * first use costs a few hundred milliseconds of class loading), immutable, thread-safe.
 */
final class PolicyCel {
  /** A rule cannot loop more than this many times in comprehensions (a bound on its cost). */
  static final int MAX_ITERATIONS = 10_000;

  private PolicyCel() {}

  static Cel get() {
    return Holder.CEL;
  }

  private static final class Holder {
    static final Cel CEL = build();
  }

  private static Cel build() {
    var types =
        CelExtensions.nativeTypes(
            ExposureFacts.class,
            ComponentFacts.class,
            ProjectFacts.class,
            VulnerabilityFacts.class);
    return CelFactory.plannerCelBuilder()
        .setOptions(
            CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .build())
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addCompilerLibraries(types, CelOptionalLibrary.INSTANCE, CelExtensions.strings())
        .addRuntimeLibraries(types, CelOptionalLibrary.INSTANCE, CelExtensions.strings())
        .addVar("exposure", type(ExposureFacts.class))
        .addVar("component", type(ComponentFacts.class))
        .addVar("project", type(ProjectFacts.class))
        .addVar("vuln", type(VulnerabilityFacts.class))
        .build();
  }

  private static StructTypeReference type(Class<?> c) {
    return StructTypeReference.create(c.getCanonicalName());
  }
}
