package io.vigil.schemas.serde;

/** A schema registry answered with an error (HTTP status and Confluent error code). */
public class SchemaRegistryException extends RuntimeException {
  private final int status;
  private final int errorCode;

  public SchemaRegistryException(int status, int errorCode, String message) {
    super("schema registry: HTTP " + status + " (error " + errorCode + "): " + message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super("schema registry: " + message, cause);
    this.status = -1;
    this.errorCode = -1;
  }

  public int status() {
    return status;
  }

  /** Confluent error code: 40401 subject not found, 40403 schema not found, 409 incompatible... */
  public int errorCode() {
    return errorCode;
  }
}
