package io.vigil.core.osv;

/** A file or entry that cannot be read as OSV; the message names the file and the problem. */
public class OsvFormatException extends Exception {
  public OsvFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  public OsvFormatException(String message) {
    super(message);
  }
}
