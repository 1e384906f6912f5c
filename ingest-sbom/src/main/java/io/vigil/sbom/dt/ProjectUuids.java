package io.vigil.sbom.dt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Dependency-Track identifies projects, components and vulnerabilities by UUID; Vigil by name. The
 * UUIDs Vigil shows are name-based (RFC 9562 version 5, SHA-1) over a fixed namespace, so they are
 * the same on every instance, across restarts and for every client, without storing them: a
 * project's is derived from (name, version), a component's from (project UUID, purl), a
 * vulnerability's from its id. Pure.
 */
public final class ProjectUuids {
  /** Vigil's namespace for its Dependency-Track UUIDs (a fixed random UUID). */
  static final UUID NAMESPACE = UUID.fromString("0f1c6a52-6d3e-4d8b-9a57-3c2b8e4f7a10");

  private ProjectUuids() {}

  /** The project (name, version); a null or blank version is the same project as no version. */
  public static UUID project(String name, String version) {
    String v = version == null ? "" : version.strip();
    return v5("project\u0000" + name.strip() + "\u0000" + v);
  }

  public static UUID component(UUID project, String purl) {
    return v5("component\u0000" + project + "\u0000" + purl);
  }

  public static UUID vulnerability(String id) {
    return v5("vulnerability\u0000" + id);
  }

  /** The UUID of a string as Dependency-Track checks it ({@code @ValidUuid}), or null. */
  public static UUID parse(String s) {
    if (s == null
        || !s.matches(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      return null;
    }
    return UUID.fromString(s);
  }

  static UUID v5(String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
    h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
