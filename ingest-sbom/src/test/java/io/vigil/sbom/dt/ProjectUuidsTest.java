package io.vigil.sbom.dt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProjectUuidsTest {
  @Test
  void shouldDeriveTheSameVersion5UuidForTheSameNameAndVersionEverywhere() {
    UUID a = ProjectUuids.project("shop", "1.0");

    assertThat(ProjectUuids.project("shop", "1.0")).isEqualTo(a);
    assertThat(ProjectUuids.project(" shop ", " 1.0 ")).isEqualTo(a);
    assertThat(a.version()).isEqualTo(5);
    assertThat(a.variant()).isEqualTo(2);
    // pinned: clients store these UUIDs, so the derivation must never change
    assertThat(a).hasToString("c28806af-ddf7-5d94-b374-9d020cb0df89");
  }

  @Test
  void shouldTellProjectsApartByVersionAndTreatABlankVersionAsNone() {
    assertThat(ProjectUuids.project("shop", "1.0"))
        .isNotEqualTo(ProjectUuids.project("shop", "1.1"));
    assertThat(ProjectUuids.project("shop", null)).isEqualTo(ProjectUuids.project("shop", " "));
    assertThat(ProjectUuids.project("shop", "1")).isNotEqualTo(ProjectUuids.project("shop1", null));
  }

  @Test
  void shouldAcceptOnlyWellFormedUuidsWhenParsingAPathOrField() {
    assertThat(ProjectUuids.parse("38640b33-4ba9-4733-bdab-cbfc40c6f8aa")).isNotNull();
    assertThat(ProjectUuids.parse("38640b33")).isNull();
    assertThat(ProjectUuids.parse("shop")).isNull();
    assertThat(ProjectUuids.parse(null)).isNull();
  }
}
