package io.vigil.core.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomMetadata;
import io.vigil.core.sbom.SbomParser;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProjectContextsTest {

  @Test
  void shouldReadTheContextACycloneDxSbomDeclaresAndTheUploadsTags() throws Exception {
    for (String file : List.of("context.cdx.json", "context.cdx.xml")) {
      ProjectContexts.Declared d =
          ProjectContexts.declared(parse(file).metadata(), List.of("Team-Blue", "pci"));

      assertThat(d.problems()).as(file).isEmpty();
      assertThat(d.context())
          .as(file)
          .isEqualTo(
              new ProjectContext(
                  "alice@example.com",
                  "checkout-team",
                  List.of("checkout", "payments", "pci", "team-blue"),
                  Criticality.MISSION_ESSENTIAL,
                  ProjectExposure.INTERNET_FACING));
    }
  }

  @Test
  void shouldLeaveAPartUnknownAndSaySoWhenItsValueDoesNotParse() {
    SbomMetadata m =
        metadata(
            new SbomMetadata.Property(ProjectContexts.CRITICALITY, "very high"),
            new SbomMetadata.Property(ProjectContexts.EXPOSURE, "dmz"),
            new SbomMetadata.Property(ProjectContexts.TEAM, "ops\u0007"),
            new SbomMetadata.Property(ProjectContexts.OWNER, "bob"));

    ProjectContexts.Declared d = ProjectContexts.declared(m, null);

    assertThat(d.context()).isEqualTo(new ProjectContext("bob", null, List.of(), null, null));
    assertThat(d.problems())
        .containsExactly(
            "vigil:criticality: 'very high' is not mission-essential, support or minimal;"
                + " criticality left unknown",
            "vigil:exposure: 'dmz' is not internet-facing or internal; exposure left unknown",
            "declared project context: team: control characters are not allowed; ignored");
  }

  @Test
  void shouldKeepAtMostFiftyDistinctTagsAndSaySo() {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      tags.add(String.format("t%02d", i));
      tags.add(String.format("T%02d", i)); // the same tag in another case
    }

    ProjectContexts.Declared d = ProjectContexts.declared(SbomMetadata.NONE, tags);

    assertThat(d.context().tags()).hasSize(50).startsWith("t00").endsWith("t49");
    assertThat(d.problems())
        .containsExactly("declared project context: 60 tags, only the first 50 (sorted) are kept");
  }

  @Test
  void shouldLetTheRegistryWinPartByPartAndUniteTheTags() {
    ProjectContext declared =
        new ProjectContext(
            "alice", "checkout", List.of("pci"), Criticality.SUPPORT, ProjectExposure.INTERNAL);
    ProjectContext registry =
        new ProjectContext(
            null, "payments", List.of("tier-1"), Criticality.MISSION_ESSENTIAL, null);

    ProjectContext effective = ProjectContexts.effective(registry, declared);

    assertThat(effective)
        .isEqualTo(
            new ProjectContext(
                "alice",
                "payments",
                List.of("pci", "tier-1"),
                Criticality.MISSION_ESSENTIAL,
                ProjectExposure.INTERNAL));
    assertThat(ProjectContexts.sources(registry, declared))
        .containsExactly(
            Map.entry("owner", "sbom"),
            Map.entry("team", "registry"),
            Map.entry("criticality", "registry"),
            Map.entry("exposure", "sbom"),
            Map.entry("tags", "registry,sbom"));
    assertThat(ProjectContexts.effective(null, null)).isEqualTo(ProjectContext.UNKNOWN);
    assertThat(ProjectContexts.effective(registry, null)).isEqualTo(registry);
  }

  @Test
  void shouldNormaliseSoThatTheSameContextIsTheSameRecord() {
    ProjectContext a =
        new ProjectContext(" alice ", "", List.of("B", "a", " a "), null, ProjectExposure.INTERNAL);
    ProjectContext b =
        new ProjectContext("alice", null, List.of("a", "b"), null, ProjectExposure.INTERNAL);

    assertThat(a).isEqualTo(b);
    assertThat(a.team()).isNull();
    assertThat(ProjectContext.UNKNOWN.isUnknown()).isTrue();
    assertThat(a.isUnknown()).isFalse();
  }

  @Test
  void shouldReadTheWrittenFormsOfCriticalityAndExposureAndNothingElse() {
    assertThat(Criticality.parse("mission-essential")).contains(Criticality.MISSION_ESSENTIAL);
    assertThat(Criticality.parse("MISSION_ESSENTIAL")).contains(Criticality.MISSION_ESSENTIAL);
    assertThat(Criticality.parse("essential")).contains(Criticality.MISSION_ESSENTIAL);
    assertThat(Criticality.parse("Support")).contains(Criticality.SUPPORT);
    assertThat(Criticality.parse("minimal")).contains(Criticality.MINIMAL);
    assertThat(Criticality.parse("high")).isEmpty();
    assertThat(Criticality.parse(null)).isEmpty();
    assertThat(ProjectExposure.parse("Internet Facing")).contains(ProjectExposure.INTERNET_FACING);
    assertThat(ProjectExposure.parse("public")).contains(ProjectExposure.INTERNET_FACING);
    assertThat(ProjectExposure.parse("internal")).contains(ProjectExposure.INTERNAL);
    assertThat(ProjectExposure.parse("dmz")).isEmpty();
    for (Criticality c : Criticality.values()) {
      assertThat(Criticality.parse(c.label())).contains(c);
    }
    for (ProjectExposure e : ProjectExposure.values()) {
      assertThat(ProjectExposure.parse(e.label())).contains(e);
    }
  }

  @Test
  void shouldListEveryProblemOfValuesAUserSent() {
    assertThat(
            ProjectContext.validate(
                "x".repeat(201), "ok", List.of("fine", "bad\nline", "y".repeat(101))))
        .containsExactly(
            "owner: 201 characters, at most 200 are allowed",
            "tags[1]: control characters are not allowed",
            "tags[2]: 101 characters, at most 100 are allowed");
    assertThat(ProjectContext.validate(null, null, null)).isEmpty();
  }

  private static SbomMetadata metadata(SbomMetadata.Property... properties) {
    return new SbomMetadata(null, null, null, null, List.of(properties), null, Set.of());
  }

  private static SbomDocument parse(String file) throws Exception {
    try (InputStream in = ProjectContextsTest.class.getResourceAsStream("/sbom/" + file)) {
      return SbomParser.parse(in.readAllBytes());
    }
  }
}
