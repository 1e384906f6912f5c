package io.vigil.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes from untrusted packages when decoding into generated
 * classes. Vigil's own generated classes ({@code io.vigil.*}) are trusted here, once, in addition
 * to whatever the JVM already trusts ({@code org.apache.avro.SERIALIZABLE_PACKAGES}).
 */
final class AvroTrust {
  private static volatile boolean done;

  private AvroTrust() {}

  static void ensure() {
    if (done) {
      return;
    }
    synchronized (AvroTrust.class) {
      if (!done) {
        var previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(
            ClassSecurityValidator.composite(previous, c -> c.getName().startsWith("io.vigil.")));
        done = true;
      }
    }
  }
}
