package io.vigil.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

  @Test
  void shouldReadEveryReleasedWriterSchemaWithTheCurrentSchemas() {
    List<String> releases = SchemaHistory.releases();
    assertThat(releases).as("released schema bundles").isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (String release : releases) {
      Map<String, Schema> old = SchemaHistory.release(release);
      for (Topic<String, ?> topic : TopicCatalog.local().all()) {
        Schema current = SpecificData.get().getSchema(topic.valueType());
        Schema writer = old.get(current.getFullName());
        if (writer == null) {
          continue; // a type added after that release
        }
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
          problems.add(
              current.getFullName()
                  + " cannot read data written with release "
                  + release
                  + ": "
                  + result.getResult().getIncompatibilities());
        }
      }
    }
    assertThat(problems)
        .as(
            "schema changes must be backward compatible (add fields with defaults, never remove"
                + " or retype one without a default)")
        .isEmpty();
  }

  @Test
  void shouldShipEveryCurrentTopicSchemaInTheNewestReleaseOrCompatibly() {
    String newest = SchemaHistory.releases().get(SchemaHistory.releases().size() - 1);
    Map<String, Schema> bundle = SchemaHistory.release(newest);
    for (Topic<String, ?> topic : TopicCatalog.local().all()) {
      Schema current = SpecificData.get().getSchema(topic.valueType());
      if (current.getNamespace().startsWith("io.vigil.internal.")) {
        continue; // internal types (a service's own state) are not part of the released contract
      }
      assertThat(bundle)
          .as(
              "release %s must contain %s (cut a release bundle with SchemaRelease)",
              newest, current.getFullName())
          .containsKey(current.getFullName());
    }
  }

  @Test
  void shouldFlagANewFieldWithoutDefaultAsIncompatible() {
    Schema released = SpecificData.get().getSchema(io.vigil.events.v1.EpssScore.class);
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : released.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(
        new Schema.Field("mandatoryNewField", Schema.create(Schema.Type.STRING), "no default"));
    Schema changed =
        Schema.createRecord(
            released.getName(), released.getDoc(), released.getNamespace(), false, fields);

    var result = SchemaCompatibility.checkReaderWriterCompatibility(changed, released);

    assertThat(result.getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
  }

  @Test
  void shouldDocumentEveryFieldOfEveryTopicSchema() {
    List<String> undocumented = new ArrayList<>();
    for (Topic<String, ?> topic : TopicCatalog.local().all()) {
      collectUndocumented(
          SpecificData.get().getSchema(topic.valueType()), undocumented, new java.util.HashSet<>());
    }
    assertThat(undocumented).as("every record and field has a doc").isEmpty();
  }

  private static void collectUndocumented(Schema s, List<String> out, java.util.Set<String> seen) {
    switch (s.getType()) {
      case RECORD -> {
        if (!seen.add(s.getFullName())) {
          return;
        }
        if (s.getDoc() == null || s.getDoc().isBlank()) {
          out.add(s.getFullName());
        }
        for (Schema.Field f : s.getFields()) {
          if (f.doc() == null || f.doc().isBlank()) {
            out.add(s.getFullName() + "." + f.name());
          }
          collectUndocumented(f.schema(), out, seen);
        }
      }
      case UNION -> s.getTypes().forEach(t -> collectUndocumented(t, out, seen));
      case ARRAY -> collectUndocumented(s.getElementType(), out, seen);
      case MAP -> collectUndocumented(s.getValueType(), out, seen);
      default -> {}
    }
  }
}
