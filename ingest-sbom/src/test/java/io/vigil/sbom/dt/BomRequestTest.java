package io.vigil.sbom.dt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import io.vigil.platform.http.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BomRequestTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String BOM = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"}";
  private static final String B64 =
      Base64.getEncoder().encodeToString(BOM.getBytes(StandardCharsets.UTF_8));

  private static BomRequest json(String body) {
    return BomRequest.fromJson(JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadCdxgensPayloadWithStringBooleansTagObjectsAndAParentByName() {
    BomRequest r =
        json(
            """
            {"autoCreate":"true","bom":"%s","projectName":"shop","projectVersion":"main",
             "parentName":"portfolio","parentVersion":"1","isLatest":true,
             "projectTags":[{"name":"Team-A"},{"name":"pci"}]}"""
                .formatted(B64));

    assertThat(r.projectName()).isEqualTo("shop");
    assertThat(r.projectVersion()).isEqualTo("main");
    assertThat(r.autoCreate()).isTrue();
    assertThat(r.isLatest()).isTrue();
    assertThat(r.projectTags()).containsExactly("team-a", "pci");
    assertThat(r.parentName()).isEqualTo("portfolio");
    assertThat(r.parentVersion()).isEqualTo("1");
    assertThat(new String(r.bom(), StandardCharsets.UTF_8)).isEqualTo(BOM);
  }

  @Test
  void shouldReadTheMavenPluginsIsLatestProjectVersionAndAParentUuid() {
    BomRequest r =
        json(
            """
            {"projectName":"app","projectVersion":"1.0","autoCreate":true,"bom":"%s",
             "isLatestProjectVersion":true,"parentUUID":"38640b33-4ba9-4733-bdab-cbfc40c6f8aa",
             "parentName":null,"parentVersion":null}"""
                .formatted(B64));

    assertThat(r.isLatest()).isTrue();
    assertThat(r.parentUuid()).isEqualTo("38640b33-4ba9-4733-bdab-cbfc40c6f8aa");
    assertThat(r.parentName()).isNull();
  }

  @Test
  void shouldSkipAUtf8ByteOrderMarkBeforeTheJson() {
    byte[] body =
        ("\uFEFF{\"projectName\":\"shop\",\"bom\":\"" + B64 + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(body[0]).isEqualTo((byte) 0xEF);
    assertThat(BomRequest.fromJson(JSON, body).projectName()).isEqualTo("shop");
  }

  @Test
  void shouldRejectWhatDependencyTrackRejectsWithTheFieldNamed() {
    assertThatThrownBy(
            () -> json("{\"projectName\":\"x\",\"autoCreate\":\"yes\",\"bom\":\"" + B64 + "\"}"))
        .isInstanceOf(HttpError.class)
        .hasMessageContaining("autoCreate");
    assertThatThrownBy(
            () -> json("{\"projectName\":\"x\",\"parentUUID\":\"nope\",\"bom\":\"" + B64 + "\"}"))
        .hasMessageContaining("parentUUID");
    assertThatThrownBy(() -> json("{\"project\":\"nope\",\"bom\":\"" + B64 + "\"}"))
        .hasMessageContaining("UUID");
    assertThatThrownBy(() -> json("{\"projectVersion\":\"1\",\"bom\":\"" + B64 + "\"}"))
        .hasMessageContaining("projectName");
    assertThatThrownBy(() -> json("{\"projectName\":\"x\",\"bom\":\"%%%\"}"))
        .hasMessageContaining("base64");
    assertThatThrownBy(
            () -> json("{\"projectName\":\"x\",\"projectTags\":[{}],\"bom\":\"" + B64 + "\"}"))
        .hasMessageContaining("projectTags");
  }

  @Test
  void shouldAcceptAProjectUuidWithoutAName() {
    BomRequest r =
        json("{\"project\":\"38640B33-4ba9-4733-bdab-cbfc40c6f8aa\",\"bom\":\"" + B64 + "\"}");

    assertThat(r.project()).isEqualTo("38640b33-4ba9-4733-bdab-cbfc40c6f8aa");
    assertThat(r.projectName()).isNull();
  }

  @Test
  void shouldReadJenkinsFormWithTheBomAsATextFieldAndCommaSeparatedTags() {
    Map<String, Multipart.Part> parts = new LinkedHashMap<>();
    parts.put("projectName", text("projectName", "shop"));
    parts.put("projectVersion", text("projectVersion", "2.0"));
    parts.put("autoCreate", text("autoCreate", "true"));
    parts.put("projectTags", text("projectTags", "backend, pci ,,"));
    parts.put("isLatest", text("isLatest", "false"));
    parts.put("bom", text("bom", "\uFEFF" + BOM));

    BomRequest r = BomRequest.fromForm(parts);

    assertThat(r.projectTags()).containsExactly("backend", "pci");
    assertThat(r.isLatest()).isFalse();
    assertThat(r.bomContentType()).isNull();
    assertThat(new String(r.bom(), StandardCharsets.UTF_8)).isEqualTo("\uFEFF" + BOM);
  }

  private static Multipart.Part text(String name, String value) {
    return new Multipart.Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
  }
}
