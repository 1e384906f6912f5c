package io.vigil.core.purl;

/** A string that is not a package URL, or components that do not make one; says why. */
public class MalformedPurlException extends IllegalArgumentException {
  public MalformedPurlException(String message) {
    super(message);
  }
}
