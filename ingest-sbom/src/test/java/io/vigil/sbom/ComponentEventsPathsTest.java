package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomParser;
import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.Reach;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentEventsPathsTest {

  private static List<ComponentEvents.Item> items(String json) throws Exception {
    return ComponentEvents.items(SbomParser.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** npm: ms@2.1.2 under debug and, again, under send (two bom-refs, one purl). */
  private static final String NESTED =
      """
      {"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"type":"application",
       "name":"web","bom-ref":"web"}},
       "components":[
        {"type":"library","name":"debug","version":"4.3.4","bom-ref":"debug","purl":"pkg:npm/debug@4.3.4",
         "components":[{"type":"library","name":"ms","version":"2.1.2","bom-ref":"debug|ms","purl":"pkg:npm/ms@2.1.2"}]},
        {"type":"library","name":"send","version":"0.18.0","bom-ref":"send","purl":"pkg:npm/send@0.18.0",
         "components":[{"type":"library","name":"ms","version":"2.1.2","bom-ref":"send|ms","purl":"pkg:npm/ms@2.1.2"}]}],
       "dependencies":[{"ref":"web","dependsOn":["debug","send"]},{"ref":"debug","dependsOn":["debug|ms"]},
        {"ref":"send","dependsOn":["send|ms"]}]}
      """;

  @Test
  void shouldTakeEveryOccurrenceOfAPurlTogetherWhenTheDocumentListsItAtSeveralPlaces()
      throws Exception {
    List<ComponentEvents.Item> items = items(NESTED);

    assertThat(items)
        .extracting(ComponentEvents.Item::identity)
        .containsExactly("pkg:npm/debug@4.3.4", "pkg:npm/ms@2.1.2", "pkg:npm/send@0.18.0");
    ComponentPaths ms = items.get(1).paths();
    assertThat(ms.getReach()).isEqualTo(Reach.TRANSITIVE);
    assertThat(ms.getVia()).containsExactly("debug@4.3.4", "send@0.18.0");
    assertThat(ms.getPaths()).containsExactly(List.of("debug@4.3.4"), List.of("send@0.18.0"));
    assertThat(ms.getPathCount()).isEqualTo(2);
  }

  @Test
  void shouldSayWhyWhenTheSbomHasNoGraph() throws Exception {
    List<ComponentEvents.Item> items =
        items(new String(Sboms.cyclonedx(List.of("pkg:npm/ms@2.1.2")), StandardCharsets.UTF_8));

    assertThat(items.get(0).paths().getReach()).isEqualTo(Reach.UNKNOWN);
    assertThat(items.get(0).paths().getUnknownReason())
        .isEqualTo("the SBOM has no dependency graph");
  }

  @Test
  void shouldHashEqualPathsAlikeAndDifferentPathsApart() throws Exception {
    List<ComponentEvents.Item> once = items(NESTED);
    List<ComponentEvents.Item> again = items(NESTED);
    List<ComponentEvents.Item> otherGraph =
        items(
            NESTED.replace(
                "{\"ref\":\"send\",\"dependsOn\":[\"send|ms\"]}",
                "{\"ref\":\"send\",\"dependsOn\":[]}"));

    assertThat(again.get(1).pathsHash()).isEqualTo(once.get(1).pathsHash());
    assertThat(otherGraph.get(1).pathsHash()).isNotEqualTo(once.get(1).pathsHash());
    assertThat(otherGraph.get(0).pathsHash()).isEqualTo(once.get(0).pathsHash());
  }
}
