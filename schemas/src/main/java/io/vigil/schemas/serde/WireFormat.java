package io.vigil.schemas.serde;

/** How Avro values are framed on the wire. */
public enum WireFormat {
  /**
   * Avro single-object encoding: {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of
   * the writer schema, then Avro binary. Needs no registry: writer schemas ship in the schemas jar.
   * The default.
   */
  SINGLE_OBJECT,
  /**
   * Confluent wire format: {@code 00}, a 4-byte big-endian schema id, then Avro binary. Needs a
   * Confluent-API schema registry ({@code schema.registry.url}).
   */
  CONFLUENT
}
