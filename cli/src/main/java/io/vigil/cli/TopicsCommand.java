package io.vigil.cli;

import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.TopicDocs;
import io.vigil.schemas.TopicSchemas;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Create and check the topics of the catalog.",
    subcommands = {
      TopicsCommand.Create.class,
      TopicsCommand.Check.class,
      TopicsCommand.Docs.class,
      TopicsCommand.Schema.class,
      TopicsCommand.Schemas.class
    })
final class TopicsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static KafkaSettings withReplication(KafkaSettings s, Short rf) {
    if (rf == null) {
      return s;
    }
    return new KafkaSettings(
        s.bootstrapServers(), s.clientProperties(), s.topicPrefix(), rf, s.serdes(), s.stateDir());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create every catalog topic that is missing (idempotent) and report drift of existing ones. Exit 1 on drift.")
  static final class Create implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(
        names = "--replication-factor",
        description = "Replication of created topics (default: kafka.replicationFactor, 1).")
    Short replicationFactor;

    @Override
    public Integer call() throws Exception {
      KafkaSettings s = withReplication(kafka.settings(), replicationFactor);
      try (Admin admin = Admin.create(s.admin())) {
        List<TopicAdmin.Result> results = TopicAdmin.ensure(admin, s.catalog().all());
        results.forEach(r -> System.out.println(r));
        return results.stream().anyMatch(r -> r.outcome() == TopicAdmin.Outcome.DRIFT) ? 1 : 0;
      }
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Report, without changing anything, how existing topics differ from the catalog. Exit 1 on drift or missing topics.")
  static final class Check implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(
        names = "--replication-factor",
        description = "Expected replication (default: kafka.replicationFactor, 1).")
    Short replicationFactor;

    @Override
    public Integer call() throws Exception {
      KafkaSettings s = withReplication(kafka.settings(), replicationFactor);
      try (Admin admin = Admin.create(s.admin())) {
        var existing = admin.listTopics().names().get();
        var present = s.catalog().all().stream().filter(t -> existing.contains(t.name())).toList();
        int bad = 0;
        for (var t : s.catalog().all()) {
          if (!existing.contains(t.name())) {
            System.out.println(t.name() + ": MISSING");
            bad++;
          }
        }
        for (TopicAdmin.Result r : TopicAdmin.check(admin, present, java.util.Set.of())) {
          System.out.println(r);
          if (r.outcome() == TopicAdmin.Outcome.DRIFT) {
            bad++;
          }
        }
        return bad == 0 ? 0 : 1;
      }
    }
  }

  @Command(
      name = "docs",
      mixinStandardHelpOptions = true,
      description = "Print the topic table (docs/topics.md) generated from the catalog.")
  static final class Docs implements Runnable {
    @Override
    public void run() {
      System.out.print(TopicDocs.markdown(TopicCatalog.local()));
    }
  }

  @Command(
      name = "schema",
      mixinStandardHelpOptions = true,
      description =
          "Print the Avro writer schema (self-contained JSON) of a topic's values, e.g. for a non-JVM consumer.")
  static final class Schema implements Runnable {
    @picocli.CommandLine.Parameters(
        paramLabel = "TOPIC",
        description = "Topic name as in the catalog (without a prefix), e.g. vigil.exposures.v1.")
    String topic;

    @Override
    public void run() {
      var t =
          TopicCatalog.local()
              .byName(topic)
              .orElseThrow(() -> new UserError("no topic '" + topic + "' in the catalog"));
      System.out.print(TopicSchemas.text(t));
    }
  }

  @Command(
      name = "schemas",
      mixinStandardHelpOptions = true,
      description =
          "Write every topic's value schema (self-contained .avsc, as docs/schemas/ holds them) into DIR.")
  static final class Schemas implements Runnable {
    @picocli.CommandLine.Parameters(paramLabel = "DIR", description = "e.g. docs/schemas")
    java.nio.file.Path dir;

    @Override
    public void run() {
      TopicSchemas.write(dir).forEach(System.out::println);
    }
  }
}
