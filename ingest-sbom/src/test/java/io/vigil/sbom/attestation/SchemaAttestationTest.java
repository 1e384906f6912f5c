package io.vigil.sbom.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.platform.config.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SchemaAttestationTest {
  private static final byte[] DOC =
      "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void shouldVerifyOnlyTheSubmissionItSignedUnderTheSameKey() {
    SchemaAttestation key = SchemaAttestation.of(Secret.of("a shared key of 32 characters!!"));
    byte[] mac = key.sign("t1", "shop", "1.0", DOC);

    assertThat(key.verify(mac, "t1", "shop", "1.0", DOC)).isTrue();
    assertThat(key.verify(mac, "t2", "shop", "1.0", DOC)).isFalse();
    assertThat(key.verify(mac, "t1", "shop2", "1.0", DOC)).isFalse();
    assertThat(key.verify(mac, "t1", "shop", null, DOC)).isFalse();
    assertThat(key.verify(mac, "t1", "shop", "1.0", "{}".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(key.verify(null, "t1", "shop", "1.0", DOC)).isFalse();
    assertThat(key.verify(new byte[32], "t1", "shop", "1.0", DOC)).isFalse();
  }

  @Test
  void shouldNotMistakeOneFieldListForAnother() {
    SchemaAttestation key = SchemaAttestation.of(Secret.of("a shared key of 32 characters!!"));

    assertThat(key.verify(key.sign("t", "ab", "c", DOC), "t", "a", "bc", DOC)).isFalse();
  }

  @Test
  void shouldShareVerificationBetweenInstancesOnlyWithAConfiguredKey() {
    Secret shared = Secret.of("a shared key of 32 characters!!");
    byte[] mac = SchemaAttestation.of(shared).sign("t", "p", null, DOC);

    assertThat(SchemaAttestation.of(shared).verify(mac, "t", "p", null, DOC)).isTrue();
    assertThat(SchemaAttestation.of(null).verify(mac, "t", "p", null, DOC)).isFalse();
    assertThat(SchemaAttestation.of(null).configured()).isFalse();
    assertThatThrownBy(() -> SchemaAttestation.of(Secret.of("short")))
        .hasMessageContaining("at least 16 bytes")
        .hasMessageNotContaining("short");
  }
}
