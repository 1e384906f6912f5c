package io.vigil.schemas;

import java.time.Duration;
import org.apache.avro.specific.SpecificData;

/** Renders the catalog as the Markdown table of {@code docs/topics.md}. */
public final class TopicDocs {
  private TopicDocs() {}

  public static String markdown(TopicCatalog catalog) {
    StringBuilder b = new StringBuilder();
    b.append("# Topics\n\n")
        .append(
            "Generated from `io.vigil.schemas.TopicCatalog` (a test fails when this file and the")
        .append(" catalog differ;\nregenerate with `./vigil topics docs > docs/topics.md`).")
        .append(
            " Keys are UTF-8 strings; values are Avro\n(registry-free single-object encoding by")
        .append(
            " default, the Confluent wire format when `schema.registry.url`\nis set). Partitions")
        .append(
            " and replication are the catalog defaults (replication 1 on a single local broker,\n")
        .append("3 with `--replication-factor 3`).\n\n")
        .append("| topic | key | value | partitions | cleanup | retention | description |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (Topic<String, ?> t : catalog.all()) {
      b.append("| `")
          .append(t.name())
          .append("` | ")
          .append(t.keyMeaning().replace("|", "\\|"))
          .append(" | `")
          .append(SpecificData.get().getSchema(t.valueType()).getFullName())
          .append("` | ")
          .append(t.partitions())
          .append(" | ")
          .append(t.cleanupPolicy())
          .append(" | ")
          .append(retention(t.retention()))
          .append(" | ")
          .append(t.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }

  private static String retention(Duration d) {
    if (d == null) {
      return "forever";
    }
    return d.toDays() + " d";
  }
}
