package io.vigil.sbom.dt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartTest {
  @Test
  void shouldReadFieldsAndTheFilePartWhenDependencyTrackClientsPostAForm() {
    String body =
        "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"projectName\"\r\n\r\n"
            + "shop\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"autoCreate\"\r\n\r\n"
            + "true\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"bom\"; filename=\"bom.json\"\r\n"
            + "Content-Type: application/json\r\n\r\n"
            + "{\"bomFormat\":\"CycloneDX\"}\r\n--not-the-boundary\r\n"
            + "--XyZ--\r\n";

    Map<String, Multipart.Part> parts =
        Multipart.parse(
            "multipart/form-data; boundary=\"XyZ\"", body.getBytes(StandardCharsets.UTF_8));

    assertThat(parts).containsOnlyKeys("projectName", "autoCreate", "bom");
    assertThat(parts.get("projectName").text()).isEqualTo("shop");
    assertThat(parts.get("bom").filename()).isEqualTo("bom.json");
    assertThat(parts.get("bom").contentType()).isEqualTo("application/json");
    assertThat(parts.get("bom").text())
        .isEqualTo("{\"bomFormat\":\"CycloneDX\"}\r\n--not-the-boundary");
  }

  @Test
  void shouldRefuseABodyWhenTheContentTypeHasNoBoundary() {
    assertThatThrownBy(() -> Multipart.parse("multipart/form-data", new byte[0]))
        .hasMessageContaining("boundary");
    assertThatThrownBy(() -> Multipart.parse("application/json", new byte[0]))
        .hasMessageContaining("multipart/form-data");
  }
}
