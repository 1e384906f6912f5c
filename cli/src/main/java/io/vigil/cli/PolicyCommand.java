package io.vigil.cli;

import io.vigil.core.policy.Policy;
import io.vigil.core.policy.PolicyException;
import io.vigil.core.policy.PolicyFile;
import io.vigil.core.policy.PolicyRule;
import io.vigil.events.v1.PolicyDocument;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil policy apply -f FILE}: a policy file (CEL triage rules, core's {@link PolicyFile})
 * checked whole here and published as one document on {@code vigil.policies.v1}, where the
 * correlator applies it and re-evaluates the open exposures (the document's name is its key:
 * applying the file again replaces it); {@code vigil policy delete --name N} publishes the
 * tombstone. A rule that does not compile is reported with its name and position and nothing is
 * published.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description =
        "Triage policies (CEL rules that set an analysis before the first alert) on the policies topic.",
    subcommands = {PolicyCommand.Apply.class, PolicyCommand.Delete.class})
final class PolicyCommand implements Runnable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * The document a policy file becomes, checked whole.
   *
   * @param name the document name, or null for the file's name without its extension
   * @throws UserError naming the file and, per problem, the rule and its position (nothing is
   *     published)
   */
  static PolicyDocument document(
      Path file, String name, String author, String comment, Instant now) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read the policy file " + file + ": " + e.getMessage());
    }
    String documentName = name != null ? name : defaultName(file);
    if (!NAME.matcher(documentName).matches()) {
      throw new UserError(
          "policy name '"
              + documentName
              + "' is not a document name (letters, digits, '.', '_', '-'; at most 100): give"
              + " --name");
    }
    List<PolicyRule> rules;
    try {
      rules = PolicyFile.read(text, file.getFileName().toString());
      Policy.compile(rules);
    } catch (PolicyException e) {
      throw new UserError(
          "policy file " + file + " rejected, nothing published: " + e.getMessage());
    }
    if (rules.isEmpty()) {
      throw new UserError(
          "policy file "
              + file
              + " has no rules; to withdraw the document use: vigil policy delete --name "
              + documentName);
    }
    return PolicyDocument.newBuilder()
        .setName(documentName)
        .setRules(text)
        .setAuthor(author)
        .setUpdatedAt(now.truncatedTo(ChronoUnit.MILLIS))
        .setComment(comment)
        .build();
  }

  /** {@code policies/security.yaml} → {@code security}. */
  static String defaultName(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  private static void publish(KafkaSettings kafka, String name, PolicyDocument doc) {
    Topic<String, PolicyDocument> topic = kafka.catalog().policies();
    byte[] value =
        doc == null ? null : kafka.serdeFactory().value(topic).serialize(topic.name(), doc);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            kafka.producer("vigil-policy"), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic.name(), name, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted before " + topic.name() + " acknowledged the document", 1);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new UserError(
          "could not publish to " + topic.name() + ": " + e.getCause().getMessage(), 1);
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Check a policy file and publish it as one document (its name: --name, else the file name"
              + " without extension); applying it again replaces the document. The correlator"
              + " re-evaluates the open exposures. Exit 2 when a rule does not compile (nothing is"
              + " published).")
  static final class Apply implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(
        names = {"-f", "--file"},
        required = true,
        description = "The policy file (YAML: a rules: list; see docs/triage.md).")
    Path file;

    @Option(
        names = "--name",
        description = "Document name (default: the file name without extension).")
    String name;

    @Option(names = "--author", description = "Who publishes it (default: the OS user).")
    String author;

    @Option(names = "--comment", description = "Why it changed.")
    String comment;

    @Option(names = "--dry-run", description = "Check the file only; publish nothing.")
    boolean dryRun;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      String who = author != null ? author : System.getProperty("user.name", "cli");
      PolicyDocument doc = document(file, name, who, comment, clock.instant());
      int rules;
      try {
        rules = PolicyFile.read(doc.getRules(), file.getFileName().toString()).size();
      } catch (PolicyException e) {
        throw new IllegalStateException(e); // read once already
      }
      if (dryRun) {
        System.out.println(
            "policy '" + doc.getName() + "': " + rules + " rule(s) compile; nothing published");
        return 0;
      }
      KafkaSettings s = kafka.settings();
      publish(s, doc.getName(), doc);
      System.out.println(
          "policy '"
              + doc.getName()
              + "': "
              + rules
              + " rule(s) published to "
              + s.catalog().policies().name());
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description =
          "Withdraw a policy document (a tombstone): its rules no longer decide, and the open"
              + " exposures they decided are evaluated again.")
  static final class Delete implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--name", required = true, description = "The document name.")
    String name;

    @Override
    public Integer call() {
      KafkaSettings s = kafka.settings();
      publish(s, name, null);
      System.out.println("policy '" + name + "' deleted from " + s.catalog().policies().name());
      return 0;
    }
  }
}
