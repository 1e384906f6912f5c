package io.vigil.console.web;

import io.vigil.console.auth.Sessions;
import io.vigil.console.feeds.FeedStatusWatch;
import io.vigil.console.live.LiveFeed;
import io.vigil.console.query.QueryApiClient;
import io.vigil.console.triage.TriageApiClient;
import io.vigil.platform.http.HttpService;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/** Every route of the console, registered on one {@link HttpService.Builder}. */
public final class ConsoleRoutes {
  private ConsoleRoutes() {}

  /**
   * @param feeds the advisory feeds' status (Portfolio's feed freshness)
   * @param closed set when the console closes: open event streams end
   */
  public static void register(
      HttpService.Builder b,
      Sessions sessions,
      QueryApiClient query,
      TriageApiClient triage,
      LiveFeed feed,
      FeedStatusWatch feeds,
      boolean secureCookies,
      AtomicBoolean closed) {
    Guard guard = new Guard(sessions);
    new StaticRoutes().register(b);
    new AuthRoutes(sessions, guard, secureCookies).register(b);
    new LiveRoutes(feed, guard, closed).register(b);
    TriageRoutes triageRoutes = new TriageRoutes(triage, guard, Clock.systemUTC());
    triageRoutes.register(b);
    new PageRoutes(query, triageRoutes, guard).register(b);
    new PortfolioRoutes(query, triage, feeds, guard, Clock.systemUTC()).register(b);
    new VulnerabilityRoutes(query, triageRoutes, guard).register(b);
    new InventoryRoutes(query, guard).register(b);
  }
}
