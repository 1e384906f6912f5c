package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiTest {
  /**
   * Every route SbomApi, DependencyTrackApi, ProjectContextApi and CoverageApi register, as "METHOD
   * path".
   */
  private static final List<String> ROUTES =
      List.of(
          "post /api/v1/sbom",
          "get /api/v1/sbom/{token}",
          "put /api/v1/bom",
          "post /api/v1/bom",
          "get /api/v1/bom/token/{token}",
          "get /api/v1/event/token/{token}",
          "get /api/v1/project/lookup",
          "get /api/v1/project",
          "get /api/v1/project/{uuid}",
          "get /api/v1/finding/project/{uuid}",
          "get /api/v1/metrics/project/{uuid}/current",
          "get /api/v1/metrics/project/{uuid}/refresh",
          "get /api/v1/violation/project/{uuid}",
          "put /api/v1/vex",
          "post /api/v1/vex",
          "put /api/v1/analyses",
          "get /api/v1/analyses",
          "delete /api/v1/analyses",
          "post /api/v1/analyses/vex",
          "get /api/v1/projects/{project}/vex",
          "put /api/v1/projects/{project}/context",
          "get /api/v1/projects/{project}/context",
          "delete /api/v1/projects/{project}/context",
          "get /api/v1/coverage",
          "get /api/openapi.json");

  @Test
  void shouldDocumentEveryRouteWithItsResponsesWhenServedAsOpenApi() throws Exception {
    JsonNode doc;
    try (InputStream in = SbomApi.class.getResourceAsStream("openapi.json")) {
      doc = new ObjectMapper().readTree(in);
    }

    assertThat(doc.path("openapi").asText()).startsWith("3.");
    for (String route : ROUTES) {
      String[] mp = route.split(" ");
      JsonNode op = doc.path("paths").path(mp[1]).path(mp[0]);
      assertThat(op.isObject()).as(route).isTrue();
      assertThat(op.path("responses").size()).as(route + " responses").isPositive();
    }
    assertThat(doc.path("components").path("securitySchemes").path("apiKey").path("name").asText())
        .isEqualTo(ApiKeys.HEADER);
  }
}
