package io.vigil.correlator;

import io.vigil.platform.http.HttpService;

/**
 * A group of query API routes (public {@code /api/v1/...} and the {@code /internal/v1/...} routes
 * they fan out to), registered by {@link QueryApi} with one line. A new query gets its own class.
 */
interface QueryRoutes {
  void register(HttpService.Builder b);
}
