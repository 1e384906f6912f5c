package io.vigil.sbom.attestation;

import io.vigil.platform.config.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How ingest-sbom's stream processor knows that ingest-sbom's own HTTP API validated a document's
 * schema, so that it may skip that step (and only that one: Vigil's component rules always run).
 *
 * <p>The HTTP API, having found no schema violation, signs the submission with HMAC-SHA256 under a
 * key only ingest-sbom instances hold ({@code ingestSbom.attestationKey}), over the submission id,
 * the project, the version and the document's bytes, and sends the MAC as the record header {@value
 * #HEADER}. The processor recomputes it; anything else (no header, another document, a producer's
 * {@code prevalidated=true}) means the schema is validated again. A producer cannot forge the
 * header without the key, and a captured header proves nothing about another document.
 *
 * <p>Without a configured key each instance draws a random one at start: its own uploads are still
 * recognised, and an upload taken by another instance is validated again by the processor (correct,
 * only slower). Share the key between instances to avoid that. Thread-safe.
 */
public final class SchemaAttestation {
  /** The Kafka record header that carries the attestation. */
  public static final String HEADER = "vigil-schema-attestation";

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] CONTEXT =
      "vigil ingest-sbom schema attestation v1".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec key;
  private final boolean configured;

  private SchemaAttestation(byte[] key, boolean configured) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.configured = configured;
  }

  /** With the configured key, or a random one when {@code key} is null or blank. */
  public static SchemaAttestation of(Secret key) {
    if (key == null || key.isBlank()) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      return new SchemaAttestation(random, false);
    }
    byte[] bytes = key.reveal().getBytes(StandardCharsets.UTF_8);
    if (bytes.length < 16) {
      throw new IllegalArgumentException(
          "ingestSbom.attestationKey must have at least 16 bytes (" + key.source() + ")");
    }
    return new SchemaAttestation(bytes, true);
  }

  /** True when the key was configured (shared by the instances), false when drawn at random. */
  public boolean configured() {
    return configured;
  }

  /** The attestation of a submission whose document ingest-sbom validated against its schema. */
  public byte[] sign(String submissionId, String project, String version, byte[] document) {
    Mac mac = mac();
    field(mac, CONTEXT);
    field(mac, utf8(submissionId));
    field(mac, utf8(project));
    field(mac, version == null ? null : utf8(version));
    mac.update(ByteBuffer.allocate(8).putLong(document.length).array());
    mac.update(document);
    return mac.doFinal();
  }

  /** True when {@code attestation} is this key's signature of exactly this submission. */
  public boolean verify(
      byte[] attestation, String submissionId, String project, String version, byte[] document) {
    if (attestation == null || submissionId == null || project == null) {
      return false;
    }
    return MessageDigest.isEqual(attestation, sign(submissionId, project, version, document));
  }

  /** Length-prefixed, so that no two different field lists sign the same bytes. */
  private static void field(Mac mac, byte[] value) {
    mac.update(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
    if (value != null) {
      mac.update(value);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Mac mac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "SchemaAttestation[" + (configured ? "configured key" : "random key") + "]";
  }
}
