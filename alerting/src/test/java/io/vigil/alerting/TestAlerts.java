package io.vigil.alerting;

import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.AlertEngine;
import io.vigil.events.v1.ExposureEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Drives the real engine for one channel, so channel tests get real alerts. */
public final class TestAlerts {
  private final AlertEngine engine;
  private final String channel;
  private Instant now = Fixtures.T0;
  private long offset;

  public TestAlerts(String channel, ChannelConfig cfg) {
    this.channel = channel;
    this.engine =
        new AlertEngine(
            Map.of(channel, cfg),
            List.of(RouteConfig.everything(List.of(channel))),
            Duration.ofSeconds(30),
            Duration.ofSeconds(2));
  }

  /** Feeds the events as one burst and returns the alerts it makes. */
  public List<Alert> burst(ExposureEvent... events) {
    for (ExposureEvent e : events) {
      engine.accept(e, 0, offset++, now);
    }
    now = now.plusSeconds(10);
    return engine.flushDue(now);
  }

  /** The single alert of a burst. */
  public Alert one(ExposureEvent... events) {
    List<Alert> alerts = burst(events);
    if (alerts.size() != 1) {
      throw new AssertionError("expected one alert on " + channel + ", got " + alerts.size());
    }
    return alerts.get(0);
  }
}
