package io.vigil.cli;

import io.vigil.advisories.AdvisoryPublisher;
import io.vigil.events.v1.Feed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "ingest-advisories",
    mixinStandardHelpOptions = true,
    description =
        "Read advisory feeds and publish normalized advisory events. Sources: osv:<zip|dir|file>.")
final class IngestAdvisoriesCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--source",
      required = true,
      description = "A feed, as kind:location (osv:/data/osv/Maven.zip). Repeatable.")
  List<String> sources = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<Path> osv = new ArrayList<>();
    for (String s : sources) {
      int i = s.indexOf(':');
      String kind = i < 0 ? "" : s.substring(0, i);
      String where = i < 0 ? s : s.substring(i + 1);
      if (!kind.equals("osv")) {
        throw new UserError("--source " + s + ": unknown feed kind '" + kind + "' (known: osv)");
      }
      Path p = Path.of(where);
      if (!Files.exists(p)) {
        throw new UserError("--source " + s + ": " + p + " does not exist");
      }
      osv.add(p);
    }
    try (AdvisoryPublisher publisher = new AdvisoryPublisher(kafka.settings())) {
      var r = publisher.publish(osv, Feed.OSV);
      System.out.println(
          "published " + r.published() + " advisories, " + r.rejected() + " rejected to the DLQ");
      return 0;
    }
  }
}
