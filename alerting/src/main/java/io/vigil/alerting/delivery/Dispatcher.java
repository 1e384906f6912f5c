package io.vigil.alerting.delivery;

import io.vigil.alerting.AlertingConfig.CircuitBreakerConfig;
import io.vigil.alerting.AlertingConfig.RetryConfig;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.channel.Delivered;
import io.vigil.alerting.channel.DeliveryException;
import io.vigil.alerting.channel.DeliveryException.Reason;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.AlertUnit;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.engine.GroupState;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.ConsoleLinks;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.ExposureEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts: per channel a few lanes (single-threaded queues: a chat channel has one, so its
 * messages keep their order; Jira spreads issues over several by alert key, so one issue's
 * operations keep theirs), a rate limiter, a circuit breaker, and retries with exponential backoff
 * and jitter. Channels never wait for each other. Every outcome is recorded in the delivery log
 * before the listener hears of it (so before the consumer may commit the offsets): SENT with the
 * group's new state, or, after the last attempt, DEAD with the alert in the DLQ.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /** The outcome of one alert. */
  public record Outcome(
      Alert alert, DeliveryStatus status, int attempts, String lastError, Delivered delivered) {}

  /** Hears of every finished alert (on a lane thread). */
  @FunctionalInterface
  public interface Listener {
    void done(Outcome outcome);
  }

  private final class ChannelRuntime {
    final Channel channel;
    final ChannelConfig cfg;
    final ExecutorService[] lanes;
    final CircuitBreaker breaker;
    final RateLimiter limiter;

    ChannelRuntime(Channel channel, ChannelConfig cfg) {
      this.channel = channel;
      this.cfg = cfg;
      int n = cfg.effectiveLanes();
      this.lanes = new ExecutorService[n];
      for (int i = 0; i < n; i++) {
        String threadName = "vigil-alert-" + channel.name() + "-" + i;
        lanes[i] =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, threadName);
                  t.setDaemon(true);
                  return t;
                });
      }
      this.breaker =
          new CircuitBreaker(breakerConfig.failureThreshold(), breakerConfig.openFor(), clock);
      this.limiter = new RateLimiter(cfg.effectiveMinInterval(), clock);
    }
  }

  private final Map<String, ChannelRuntime> channels = new LinkedHashMap<>();
  private final RetryConfig retry;
  private final CircuitBreakerConfig breakerConfig;
  private final DeliveryLog deliveryLog;
  private final DeadLetterSink dlq;
  private final AlertMetrics metrics;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final Listener listener;
  private final String sourceTopic;
  private final org.apache.kafka.common.serialization.Serializer<ExposureEvent> eventSerializer;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean halted = new AtomicBoolean();
  private volatile Function<AlertUnit, GroupState> persistedState = AlertUnit::after;
  private volatile ConsoleLinks consoleLinks = ConsoleLinks.NONE;

  public Dispatcher(
      Map<String, Channel> channels,
      Map<String, ChannelConfig> configs,
      RetryConfig retry,
      CircuitBreakerConfig breakerConfig,
      DeliveryLog deliveryLog,
      DeadLetterSink dlq,
      AlertMetrics metrics,
      Clock clock,
      Sleeper sleeper,
      String sourceTopic,
      org.apache.kafka.common.serialization.Serializer<ExposureEvent> eventSerializer,
      Listener listener) {
    this.retry = retry;
    this.breakerConfig = breakerConfig;
    this.deliveryLog = deliveryLog;
    this.dlq = dlq;
    this.metrics = metrics;
    this.clock = clock;
    this.sleeper = sleeper;
    this.backoff =
        new Backoff(
            retry.initialBackoff(),
            retry.maxBackoff(),
            () -> ThreadLocalRandom.current().nextDouble());
    this.listener = listener;
    this.sourceTopic = sourceTopic;
    this.eventSerializer = eventSerializer;
    channels.forEach(
        (name, ch) -> {
          ChannelRuntime rt = new ChannelRuntime(ch, configs.get(name));
          this.channels.put(name, rt);
          metrics.circuit(name, () -> rt.breaker.state() == CircuitBreaker.State.OPEN);
        });
  }

  /**
   * Which state of a group the log records when its alert is done (default: the unit's state after
   * its events; null: record nothing for it). A DLQ replay updates only a log record that is still
   * the dead one.
   */
  public void persistedState(Function<AlertUnit, GroupState> f) {
    this.persistedState = f;
  }

  /** The console pages alerts link to ({@code alerting.consoleUrl}); none by default. */
  public void consoleLinks(ConsoleLinks links) {
    this.consoleLinks = links == null ? ConsoleLinks.NONE : links;
  }

  /** Queues an alert on its channel's lane. */
  public void submit(Alert alert) {
    ChannelRuntime rt = channels.get(alert.channel());
    if (rt == null) {
      throw new IllegalArgumentException("no channel " + alert.channel());
    }
    int lane = Math.floorMod(alert.batchKey().hashCode(), rt.lanes.length);
    inFlight.incrementAndGet();
    rt.lanes[lane].execute(() -> run(rt, alert));
  }

  /** Alerts queued or being delivered. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Waits until nothing is queued or in flight; false on timeout. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** The breaker of a channel (health, tests). */
  public CircuitBreaker.State breaker(String channel) {
    return channels.get(channel).breaker.state();
  }

  private void run(ChannelRuntime rt, Alert alert) {
    try {
      Outcome o = deliver(rt, alert);
      if (o != null && !halted.get()) {
        listener.done(o);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("{}: delivery of {} failed unexpectedly", alert.channel(), alert.deliveryId(), e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private Outcome deliver(ChannelRuntime rt, Alert alert) throws InterruptedException {
    String name = rt.channel.name();
    String type = rt.channel.type();
    if (!alert.sendsSomething()) {
      record(alert, DeliveryStatus.SENT, 0, null, Delivered.of());
      return new Outcome(alert, DeliveryStatus.SENT, 0, null, Delivered.of());
    }
    AlertView view = AlertView.of(alert).withConsole(consoleLinks);
    int attempt = 0;
    String lastError = null;
    Reason lastReason = null;
    while (!halted.get()) {
      attempt++;
      DeliveryException failure;
      if (!rt.breaker.tryAcquire()) {
        failure =
            DeliveryException.retryable(
                Reason.CIRCUIT_OPEN, "circuit open (last error: " + rt.breaker.lastError() + ")");
      } else {
        sleeper.sleep(rt.limiter.reserve());
        try {
          Delivered d = rt.channel.deliver(alert, view);
          rt.breaker.success();
          Instant now = clock.instant();
          record(alert, DeliveryStatus.SENT, attempt, null, d);
          metrics.delivered(type, name);
          for (AlertUnit u : alert.telling()) {
            for (ExposureEvent e : u.events()) {
              metrics.latency(type, name, Duration.between(e.getTriggeredAt(), now));
            }
          }
          log.info(
              "{}: delivered {} ({} group(s), attempt {})",
              name,
              alert.deliveryId(),
              alert.telling().size(),
              attempt);
          return new Outcome(alert, DeliveryStatus.SENT, attempt, null, d);
        } catch (DeliveryException e) {
          failure = e;
          if (e.outage()) {
            rt.breaker.failure(e.getMessage());
          } else {
            rt.breaker.success();
          }
          if (e.retryAfter() != null) {
            rt.limiter.pauseUntil(clock.instant().plus(e.retryAfter()));
          }
        } catch (RuntimeException e) {
          // a bug rendering or parsing: keep the alert (DLQ) rather than lose it or loop
          log.error("{}: unexpected error delivering {}", name, alert.deliveryId(), e);
          failure =
              DeliveryException.permanent(
                  Reason.REJECTED, "internal error (" + e.getClass().getSimpleName() + ")");
        }
      }
      lastError = failure.getMessage();
      lastReason = failure.reason();
      metrics.failed(type, name, failure.reason());
      boolean expired = !clock.instant().isBefore(alert.readyAt().plus(retry.giveUpAfter()));
      if (!failure.retryable() || attempt >= retry.maxAttempts() || expired) {
        log.warn(
            "{}: giving up on {} after {} attempt(s): {}",
            name,
            alert.deliveryId(),
            attempt,
            lastError);
        dead(alert, attempt, lastError, lastReason);
        return new Outcome(alert, DeliveryStatus.DEAD, attempt, lastError, Delivered.of());
      }
      if (attempt == 1) {
        recordFailed(alert, lastError);
      }
      Duration wait = failure.retryAfter() != null ? failure.retryAfter() : backoff.delay(attempt);
      log.info(
          "{}: attempt {} of {} failed ({}); retrying in {} ms",
          name,
          attempt,
          alert.deliveryId(),
          lastError,
          wait.toMillis());
      sleeper.sleep(wait);
    }
    return null;
  }

  private void record(Alert alert, DeliveryStatus status, int attempts, String error, Delivered d)
      throws InterruptedException {
    Instant now = clock.instant();
    List<AlertDelivery> records = new ArrayList<>();
    for (AlertUnit u : alert.units()) {
      Change change = u.tells() ? u.change() : Change.NONE;
      GroupState base = persistedState.apply(u);
      if (base == null) {
        continue; // the log already holds a newer state of this group
      }
      GroupState s =
          base.withDelivery(
              status, u.tells() ? attempts : 0, error, d.externalIds().get(u.key()), change, now);
      records.add(s.toRecord(u.key().vulnerabilityId()));
    }
    records.addAll(d.extraRecords());
    writeDurably(() -> deliveryLog.write(records), "the delivery log");
  }

  /** On a first failure: the group's last recorded state, marked FAILED (its offset unchanged). */
  private void recordFailed(Alert alert, String error) throws InterruptedException {
    Instant now = clock.instant();
    List<AlertDelivery> records = new ArrayList<>();
    for (AlertUnit u : alert.telling()) {
      records.add(
          u.before()
              .withDelivery(DeliveryStatus.FAILED, 1, error, null, u.change(), now)
              .toRecord(u.key().vulnerabilityId()));
    }
    writeDurably(() -> deliveryLog.write(records), "the delivery log");
  }

  private void dead(Alert alert, int attempts, String error, Reason reason)
      throws InterruptedException {
    var letters =
        DeadAlerts.encode(
            alert,
            error,
            DeliveryException.class.getName() + "/" + reason,
            attempts,
            sourceTopic,
            eventSerializer,
            clock.instant());
    writeDurably(() -> dlq.deadLetter(letters), "the DLQ");
    record(alert, DeliveryStatus.DEAD, attempts, error, Delivered.of());
    metrics.deadLettered(alert.channelType(), alert.channel());
  }

  @FunctionalInterface
  private interface Write {
    void run() throws Exception;
  }

  /** Retries a Kafka write until it is acknowledged (or the dispatcher is halted). */
  private void writeDurably(Write w, String what) throws InterruptedException {
    int failures = 0;
    while (!halted.get()) {
      try {
        w.run();
        return;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        failures++;
        log.warn("cannot write to {} (attempt {}): {}", what, failures, e.toString());
        sleeper.sleep(backoff.delay(Math.min(failures, 6)));
      }
    }
    throw new InterruptedException("halted");
  }

  /** Stops at once, abandoning queued and in-flight alerts (a crash, for tests). */
  public void halt() {
    halted.set(true);
    channels
        .values()
        .forEach(
            rt -> {
              for (ExecutorService e : rt.lanes) {
                e.shutdownNow();
              }
            });
  }

  @Override
  public void close() {
    halted.set(true);
    for (ChannelRuntime rt : channels.values()) {
      for (ExecutorService e : rt.lanes) {
        e.shutdownNow();
      }
    }
    for (ChannelRuntime rt : channels.values()) {
      for (ExecutorService e : rt.lanes) {
        try {
          e.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
