package io.vigil.sbom.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.project.Criticality;
import io.vigil.core.project.ProjectContext;
import io.vigil.core.project.ProjectExposure;
import io.vigil.platform.http.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectContextApiTest {

  @Test
  void shouldReadEveryPartOfTheBodyInItsWrittenForms() {
    ProjectContext c =
        parse(
            "{\"owner\":\" alice@example.com \",\"team\":\"checkout\",\"tags\":[\"PCI\",\"tier-1\"],"
                + "\"criticality\":\"Mission Essential\",\"exposure\":\"internal\"}");

    assertThat(c)
        .isEqualTo(
            new ProjectContext(
                "alice@example.com",
                "checkout",
                List.of("pci", "tier-1"),
                Criticality.MISSION_ESSENTIAL,
                ProjectExposure.INTERNAL));
    assertThat(parse("{}")).isEqualTo(ProjectContext.UNKNOWN);
    assertThat(parse("{\"team\":null,\"tags\":null}")).isEqualTo(ProjectContext.UNKNOWN);
  }

  @Test
  void shouldRefuseABodyWithEveryProblemListed() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"team\":5,\"tags\":[\"ok\",3],\"criticality\":\"high\",\"exposure\":\"dmz\","
                        + "\"owner\":\""
                        + "x".repeat(201)
                        + "\",\"extra\":1}"))
        .isInstanceOfSatisfying(
            HttpError.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("invalid_context");
              assertThat(((Map<?, ?>) e.details()).get("problems"))
                  .asList()
                  .containsExactly(
                      "extra: unknown field (known: owner, team, tags, criticality, exposure)",
                      "team: must be a string",
                      "tags[1]: must be a string",
                      "criticality: 'high' is not mission-essential, support or minimal",
                      "exposure: 'dmz' is not internet-facing or internal",
                      "owner: 201 characters, at most 200 are allowed");
            });
    assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> parse("{")).hasMessageContaining("the body is not JSON");
    assertThatThrownBy(() -> parse("{\"tags\":\"a,b\"}"))
        .isInstanceOfSatisfying(
            HttpError.class,
            e ->
                assertThat(((Map<?, ?>) e.details()).get("problems"))
                    .asList()
                    .containsExactly("tags: must be a list of strings"));
  }

  private static ProjectContext parse(String body) {
    return ProjectContextApi.parse(body.getBytes(StandardCharsets.UTF_8));
  }
}
