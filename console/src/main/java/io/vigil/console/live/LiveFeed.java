package io.vigil.console.live;

import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exposures topic as it happens, for the Live page: one consumer per console instance reads
 * every partition ({@code read_committed}: only events of committed correlator transactions; no
 * consumer group, no offsets committed: the console keeps nothing), starting {@code backlog} events
 * before the end of each partition. It keeps the newest events in memory (bounded) and the
 * counters, and hands every event to the connected pages ({@link #subscribe}).
 */
public final class LiveFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

  /** Events kept for a page that connects (its first rows). */
  public static final int RECENT = 500;

  private final KafkaConsumer<String, ExposureEvent> consumer;
  private final String topic;
  private final int backlog;
  private final ArrayDeque<LiveEvent> recent = new ArrayDeque<>();
  private final List<Consumer<LiveEvent>> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private volatile LiveCounters counters = LiveCounters.ZERO;
  private volatile boolean caughtUp;

  public LiveFeed(KafkaSettings kafka, int backlog) {
    var t = kafka.catalog().exposures();
    this.topic = t.name();
    this.backlog = backlog;
    Properties props = kafka.reader("vigil-console-" + UUID.randomUUID());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), kafka.serdeFactory().value(t));
    this.thread = new Thread(this::run, "console-live-feed");
    this.thread.setDaemon(true);
  }

  public LiveFeed start() {
    thread.start();
    return this;
  }

  /** Every event from now on, on the feed's thread (keep it quick: queue it). */
  public Runnable subscribe(Consumer<LiveEvent> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** The newest events, newest first, at most {@code n}. */
  public synchronized List<LiveEvent> recent(int n, LiveFilter filter) {
    List<LiveEvent> out = new ArrayList<>();
    var it = recent.descendingIterator();
    while (it.hasNext() && out.size() < n) {
      LiveEvent e = it.next();
      if (filter.matches(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The teams and owners of the projects of the newest events, sorted (the filter's choices). */
  public synchronized List<String> teams() {
    java.util.TreeSet<String> out = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (LiveEvent e : recent) {
      if (e.team() != null && !e.team().isBlank()) {
        out.add(e.team());
      }
      if (e.owner() != null && !e.owner().isBlank()) {
        out.add(e.owner());
      }
    }
    return new ArrayList<>(out);
  }

  public LiveCounters counters() {
    return counters;
  }

  /** Whether the backlog has been read (the counters include it). */
  public boolean caughtUp() {
    return caughtUp;
  }

  public int subscribers() {
    return subscribers.size();
  }

  private void run() {
    try {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        parts.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
      for (TopicPartition tp : parts) {
        consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - backlog));
      }
      while (!stop.get()) {
        var records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, ExposureEvent> r : records) {
          accept(LiveEvent.of(r.value()));
        }
        if (!caughtUp) {
          caughtUp = parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (!stop.get()) {
        log.error("console live feed stopped: {}", e.toString(), e);
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** One event in: kept, counted, handed to every page. */
  void accept(LiveEvent e) {
    synchronized (this) {
      recent.addLast(e);
      if (recent.size() > RECENT) {
        recent.removeFirst();
      }
      counters = counters.plus(e);
    }
    for (Consumer<LiveEvent> s : subscribers) {
      s.accept(e);
    }
  }

  @Override
  public void close() {
    stop.set(true);
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
