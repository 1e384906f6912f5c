package io.vigil.platform.http;

/**
 * Ends a request with an HTTP error status and a JSON body {@code {"error": code, "message": ...}}.
 */
public class HttpError extends RuntimeException {
  private final int status;
  private final String code;
  private final Object details;

  public HttpError(int status, String code, String message) {
    this(status, code, message, null);
  }

  /**
   * @param details extra JSON-serialisable detail (e.g. the list of violations)
   */
  public HttpError(int status, String code, String message, Object details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Object details() {
    return details;
  }

  public static HttpError badRequest(String message) {
    return new HttpError(400, "bad_request", message);
  }

  public static HttpError notFound(String message) {
    return new HttpError(404, "not_found", message);
  }
}
