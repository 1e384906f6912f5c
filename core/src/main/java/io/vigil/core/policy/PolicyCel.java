package io.vigil.core.policy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructTypeReference;
import dev.cel.common.values.StructValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelVariableResolver;
import java.util.List;
import java.util.Optional;

/**
 * The one CEL environment policies are compiled and evaluated in: the planner runtime, the standard
 * functions and macros ({@code has}, {@code exists}, {@code all}, ...), the strings and optionals
 * extensions, and four typed variables ({@code exposure}, {@code component}, {@code project},
 * {@code vuln}) whose fields are the components of the {@code *Facts} records (CEL types {@code
 * vigil.Exposure}, {@code vigil.Component}, {@code vigil.Project}, {@code vigil.Vulnerability}).
 * Built once (the first use costs a few hundred milliseconds of class loading), immutable,
 * thread-safe.
 */
final class PolicyCel {
  /** A rule cannot loop more than this many times in comprehensions (a bound on its cost). */
  static final int MAX_ITERATIONS = 10_000;

  private static final CelType STRING = SimpleType.STRING;
  private static final CelType BOOL = SimpleType.BOOL;
  private static final CelType STRINGS = ListType.create(SimpleType.STRING);

  static final FactsType<ExposureFacts> EXPOSURE =
      FactsType.<ExposureFacts>named("vigil.Exposure")
          .field("id", STRING, ExposureFacts::id)
          .field("indeterminate", BOOL, ExposureFacts::indeterminate)
          .field("fixedVersions", STRINGS, ExposureFacts::fixedVersions)
          .field("initialInventory", BOOL, ExposureFacts::initialInventory)
          .build();
  static final FactsType<ComponentFacts> COMPONENT =
      FactsType.<ComponentFacts>named("vigil.Component")
          .field("purl", STRING, ComponentFacts::purl)
          .field("name", STRING, ComponentFacts::name)
          .field("group", STRING, ComponentFacts::group)
          .field("version", STRING, ComponentFacts::version)
          .field("type", STRING, ComponentFacts::type)
          .field("scope", STRING, ComponentFacts::scope)
          .field("direct", OptionalType.create(BOOL), ComponentFacts::direct)
          .field("licenses", STRINGS, ComponentFacts::licenses)
          .field("ecosystem", STRING, ComponentFacts::ecosystem)
          .field("packageKey", STRING, ComponentFacts::packageKey)
          .build();
  static final FactsType<ProjectFacts> PROJECT =
      FactsType.<ProjectFacts>named("vigil.Project")
          .field("name", STRING, ProjectFacts::name)
          .field("version", STRING, ProjectFacts::version)
          .field("tags", STRINGS, ProjectFacts::tags)
          .field("team", STRING, ProjectFacts::team)
          .field("owner", STRING, ProjectFacts::owner)
          .field("criticality", STRING, ProjectFacts::criticality)
          .field("exposure", STRING, ProjectFacts::exposure)
          .build();
  static final FactsType<VulnerabilityFacts> VULNERABILITY =
      FactsType.<VulnerabilityFacts>named("vigil.Vulnerability")
          .field("id", STRING, VulnerabilityFacts::id)
          .field("aliases", STRINGS, VulnerabilityFacts::aliases)
          .field("severity", STRING, VulnerabilityFacts::severity)
          .field("cvss", OptionalType.create(SimpleType.DOUBLE), VulnerabilityFacts::cvss)
          .field("cvssVector", STRING, VulnerabilityFacts::cvssVector)
          .field("epss", OptionalType.create(SimpleType.DOUBLE), VulnerabilityFacts::epss)
          .field(
              "epssPercentile",
              OptionalType.create(SimpleType.DOUBLE),
              VulnerabilityFacts::epssPercentile)
          .field("kev", BOOL, VulnerabilityFacts::kev)
          .build();

  private PolicyCel() {}

  static Cel get() {
    return Holder.CEL;
  }

  /** The variables of one input, each wrapped once. */
  static CelVariableResolver variables(PolicyInput input) {
    StructValue<String, ExposureFacts> exposure = EXPOSURE.wrap(input.exposure());
    StructValue<String, ComponentFacts> component = COMPONENT.wrap(input.component());
    StructValue<String, ProjectFacts> project = PROJECT.wrap(input.project());
    StructValue<String, VulnerabilityFacts> vuln = VULNERABILITY.wrap(input.vuln());
    return name ->
        switch (name) {
          case "exposure" -> Optional.of(exposure);
          case "component" -> Optional.of(component);
          case "project" -> Optional.of(project);
          case "vuln" -> Optional.of(vuln);
          default -> Optional.empty();
        };
  }

  private static final class Holder {
    static final Cel CEL = build();
  }

  private static Cel build() {
    return CelFactory.plannerCelBuilder()
        .setOptions(
            CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .build())
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(FactsType.provider(List.of(EXPOSURE, COMPONENT, PROJECT, VULNERABILITY)))
        .addCompilerLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings())
        .addRuntimeLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings())
        .addVar("exposure", StructTypeReference.create(EXPOSURE.name()))
        .addVar("component", StructTypeReference.create(COMPONENT.name()))
        .addVar("project", StructTypeReference.create(PROJECT.name()))
        .addVar("vuln", StructTypeReference.create(VULNERABILITY.name()))
        .build();
  }
}
