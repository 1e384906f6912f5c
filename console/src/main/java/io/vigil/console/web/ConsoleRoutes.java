package io.vigil.console.web;

import io.vigil.console.auth.Sessions;
import io.vigil.console.live.LiveFeed;
import io.vigil.console.query.QueryApiClient;
import io.vigil.platform.http.HttpService;
import java.util.concurrent.atomic.AtomicBoolean;

/** Every route of the console, registered on one {@link HttpService.Builder}. */
public final class ConsoleRoutes {
  private ConsoleRoutes() {}

  /**
   * @param closed set when the console closes: open event streams end
   */
  public static void register(
      HttpService.Builder b,
      Sessions sessions,
      QueryApiClient query,
      LiveFeed feed,
      boolean secureCookies,
      AtomicBoolean closed) {
    Guard guard = new Guard(sessions);
    new StaticRoutes().register(b);
    new AuthRoutes(sessions, guard, secureCookies).register(b);
    new LiveRoutes(feed, guard, closed).register(b);
    new PageRoutes(query, guard).register(b);
    new VulnerabilityRoutes(query, guard).register(b);
  }
}
