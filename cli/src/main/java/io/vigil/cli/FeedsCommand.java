package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.advisories.freshness.FeedStatusView;
import io.vigil.advisories.state.TopicReader;
import io.vigil.core.feeds.FeedFreshness;
import io.vigil.events.v1.FeedStatus;
import io.vigil.platform.kafka.KafkaSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "feeds",
    mixinStandardHelpOptions = true,
    description = "The advisory feeds' freshness.",
    subcommands = {FeedsCommand.Status.class})
final class FeedsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Each advisory source's freshness as ingest-advisories last published it",
        "(vigil.feeds.status.v1), judged again now: a source is STALE when its newest record is",
        "older than twice its expected cadence or its last success older than twice its run",
        "interval. Works while ingest-advisories is down. Exit 0 when no source is stale, 1 when",
        "one is, 3 when nothing was ever published."
      })
  static final class Status implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--json", description = "Print the JSON of GET /api/v1/feeds instead.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      KafkaSettings settings = kafka.settings();
      var topic = settings.catalog().feedStatus();
      var serde = settings.serdeFactory().value(topic);
      Map<String, FeedStatus> latest = new TreeMap<>();
      TopicReader.readAll(
          settings,
          topic.name(),
          Duration.ofSeconds(30),
          (k, v) -> {
            if (k == null) {
              return;
            }
            if (v == null) {
              latest.remove(k);
            } else {
              latest.put(k, serde.deserialize(topic.name(), v));
            }
          });
      PrintWriter out = spec.commandLine().getOut();
      Instant now = Clock.systemUTC().instant();
      List<FeedStatus> statuses = new ArrayList<>(latest.values());
      if (json) {
        out.println(new ObjectMapper().writeValueAsString(FeedStatusView.json(statuses, now)));
      } else {
        statuses.forEach(s -> out.println(FeedStatusView.line(s, now)));
      }
      out.flush();
      if (statuses.isEmpty()) {
        spec.commandLine().getErr().println("vigil feeds status: no feed status published yet");
        return 3;
      }
      boolean stale =
          statuses.stream()
              .anyMatch(s -> FeedStatusView.judge(s, now).state() == FeedFreshness.State.STALE);
      return stale ? 1 : 0;
    }
  }
}
