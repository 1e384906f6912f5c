package io.vigil.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Writes the current schema of every topic value type as a release bundle (see {@link
 * SchemaHistory}). Usage: {@code SchemaRelease <version> <dir>}, e.g. {@code 0.2.0
 * schemas/src/main/resources/io/vigil/schemas/released}; then append the version to RELEASES.
 */
public final class SchemaRelease {
  private SchemaRelease() {}

  /** The current schemas of all topic value types, as the bundle JSON. */
  public static ObjectNode currentBundle() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    for (Topic<String, ?> t : TopicCatalog.local().all()) {
      Schema s = SpecificData.get().getSchema(t.valueType());
      if (!root.has(s.getFullName())) {
        try {
          root.set(s.getFullName(), json.readTree(s.toString()));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return root;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SchemaRelease <version> <dir>");
      System.exit(2);
    }
    Path out = Path.of(args[1], args[0] + ".json");
    Files.writeString(
        out,
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(currentBundle()));
    System.out.println("wrote " + out);
  }
}
