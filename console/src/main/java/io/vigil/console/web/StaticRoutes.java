package io.vigil.console.web;

import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The console's own stylesheet, and htmx and its SSE extension from the WebJars it ships with (no
 * Node build step, nothing fetched from elsewhere by the browser).
 */
final class StaticRoutes {
  private final Map<String, Asset> assets;

  private record Asset(String contentType, byte[] bytes) {}

  StaticRoutes() {
    Properties versions = new Properties();
    try (InputStream in =
        StaticRoutes.class.getResourceAsStream("/io/vigil/console/console-build.properties")) {
      versions.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("console-build.properties missing from the console jar", e);
    }
    String htmx =
        "/META-INF/resources/webjars/htmx.org/"
            + versions.getProperty("htmx.version")
            + "/dist/htmx.min.js";
    String sse =
        "/META-INF/resources/webjars/htmx-ext-sse/"
            + versions.getProperty("htmx-ext-sse.version")
            + "/sse.js";
    this.assets =
        Map.of(
            "console.css",
                new Asset("text/css; charset=utf-8", read("/io/vigil/console/static/console.css")),
            "htmx.min.js", new Asset("text/javascript; charset=utf-8", read(htmx)),
            "sse.js", new Asset("text/javascript; charset=utf-8", read(sse)));
  }

  void register(HttpService.Builder b) {
    b.route(
        "GET",
        "/static/{file}",
        r -> {
          Asset a = assets.get(r.pathParam("file"));
          if (a == null) {
            throw HttpError.notFound("no such file");
          }
          return Web.secure(new HttpResponse(200, a.contentType(), a.bytes(), Map.of()))
              .withHeader("Cache-Control", "public, max-age=3600");
        });
  }

  private static byte[] read(String resource) {
    try (InputStream in = StaticRoutes.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
