package io.vigil.sbom.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before Kafka Streams starts, that the local copy of the global (status) store was built
 * from the status topic that exists now. After the topics were deleted and created again (a reset
 * development cluster) the local copy names offsets the new topic does not have: Streams' global
 * thread dies on them ({@code OffsetOutOfRangeException}) and takes the whole client down, while
 * its stream threads stay members of the group until their session times out (45 s by default), so
 * the restarted client waits that long for its partitions.
 *
 * <p>Streams keeps no readable record of which topic its global offsets belong to, so the service
 * writes the status topic's id ({@link #MARKER}) beside the state; a different id at the next start
 * means the topic was re-created, and the stale copy is removed: the start rebuilds it from the
 * topic like a first start. Any doubt (topic not described) leaves the state alone: the service's
 * restart on a dead global thread still covers a reset while it runs.
 */
public final class StaleGlobalState {
  /** File under the application's state directory holding the status topic's id. */
  public static final String MARKER = "vigil-global-topic.id";

  private static final Logger log = LoggerFactory.getLogger(StaleGlobalState.class);

  private StaleGlobalState() {}

  /** The application's state directory of these Streams properties. */
  public static Path applicationDirectory(Properties streams) {
    return Path.of(streams.getProperty(StreamsConfig.STATE_DIR_CONFIG))
        .resolve(streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
  }

  /**
   * Removes the global state when it was built from an earlier topic of this name; records the
   * current topic's id either way. True when it removed the state.
   */
  public static boolean removeIfTopicRecreated(Properties streams, Properties admin, String topic) {
    String id;
    try (Admin a = Admin.create(admin)) {
      id =
          a.describeTopics(List.of(topic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(topic)
              .topicId()
              .toString();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("could not describe {} to check the local status store: {}", topic, e.toString());
      return false;
    }
    return removeIfBuiltFromAnother(applicationDirectory(streams), topic, id);
  }

  /** The check itself: the marker in {@code appDir} against the topic's current {@code id}. */
  static boolean removeIfBuiltFromAnother(Path appDir, String topic, String id) {
    Path marker = appDir.resolve(MARKER);
    Path global = appDir.resolve("global");
    try {
      String before = Files.exists(marker) ? Files.readString(marker).strip() : null;
      boolean stale = before != null && !before.equals(id) && Files.exists(global);
      if (stale) {
        log.warn(
            "{} was re-created (topic id {} → {}): removing the local status store {} so that it"
                + " is rebuilt from the topic",
            topic,
            before,
            id,
            global);
        delete(global);
      }
      Files.createDirectories(appDir);
      Files.writeString(marker, id + "\n", StandardCharsets.UTF_8);
      return stale;
    } catch (IOException e) {
      throw new UncheckedIOException("could not check the local status store in " + appDir, e);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
