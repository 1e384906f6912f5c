package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomParser;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryDiffTest {
  private static final String CORE_14 = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String CORE_17 = "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1";
  private static final String API = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";
  private static final String LANG = "pkg:maven/org.apache.commons/commons-lang3@3.12.0";

  @Test
  void shouldAddEverythingWhenTheInventoryIsEmpty() throws Exception {
    var next = items(CORE_14, API);

    InventoryDiff.Diff diff = InventoryDiff.diff(Map.of(), next);

    assertThat(diff.removed()).isEmpty();
    assertThat(diff.added()).extracting(a -> a.item().identity()).containsExactly(CORE_14, API);
    assertThat(diff.added()).allSatisfy(a -> assertThat(a.replaces()).isNull());
  }

  @Test
  void shouldFindNothingWhenTheSameComponentsComeAgain() throws Exception {
    var next = items(CORE_14, API);

    InventoryDiff.Diff diff = InventoryDiff.diff(inventory(next), next);

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.unchanged()).hasSize(2);
  }

  @Test
  void shouldPairRemovalAndAdditionOfOnePackageWhenItIsUpgraded() throws Exception {
    var before = items(CORE_14, API, LANG);
    var after = items(CORE_17, API);

    InventoryDiff.Diff diff = InventoryDiff.diff(inventory(before), after);

    assertThat(diff.removed())
        .extracting(InventoryDiff.Removed::identity)
        .containsExactly(LANG, CORE_14);
    assertThat(diff.added())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.item().identity()).isEqualTo(CORE_17);
              assertThat(a.replaces()).isEqualTo("2.14.1");
            });
    assertThat(diff.unchanged()).extracting(ComponentEvents.Item::identity).containsExactly(API);
  }

  @Test
  void shouldEmitRemovalsBeforeAdditionsWithDeterministicIdsWhenMappedToEvents() throws Exception {
    var diff = InventoryDiff.diff(inventory(items(CORE_14, LANG)), items(CORE_17));
    Instant at = Instant.parse("2024-01-01T00:00:00Z");

    List<ComponentEvent> events =
        ComponentEvents.events(diff, "shop", "shop", "2.0", "token-1", at, false);

    assertThat(events)
        .extracting(ComponentEvent::getChange)
        .containsExactly(ComponentChange.REMOVED, ComponentChange.REMOVED, ComponentChange.ADDED);
    assertThat(events)
        .extracting(ComponentEvent::getEventId)
        .containsExactly(
            "token-1:REMOVED:" + LANG, "token-1:REMOVED:" + CORE_14, "token-1:ADDED:" + CORE_17);
    assertThat(events.get(2).getReplaces()).isEqualTo("2.14.1");
    assertThat(events).allSatisfy(e -> assertThat(e.getInitialInventory()).isFalse());
    assertThat(ComponentEvents.events(diff, "shop", "shop", "2.0", "token-1", at, false))
        .isEqualTo(events);
  }

  @Test
  void shouldIdentifyComponentsWithoutPurlByCpeOrNameWhenTheyHaveNone() throws Exception {
    String json =
        """
        {"bomFormat":"CycloneDX","specVersion":"1.5","components":[
          {"type":"library","name":"openssl","version":"3.0.8","cpe":"cpe:2.3:a:openssl:openssl:3.0.8:*:*:*:*:*:*:*"},
          {"type":"library","group":"acme","name":"tool","version":"1"},
          {"type":"library","name":"bad","version":"1","purl":"pkg:pypi/"}]}
        """;

    var items = ComponentEvents.items(SbomParser.parse(json.getBytes()));

    assertThat(items)
        .extracting(ComponentEvents.Item::identity)
        .containsExactly(
            "cpe:cpe:2.3:a:openssl:openssl:3.0.8:*:*:*:*:*:*:*", "name:acme/tool@1", "pkg:pypi/");
    assertThat(items).allSatisfy(i -> assertThat(i.component().getPackageKey()).isNull());
    assertThat(items.get(2).component().getPurl()).isEqualTo("pkg:pypi/");
  }

  @Test
  void shouldPairUpgradesOfPurlLessComponentsByGroupAndNameWhenTheVersionChanges()
      throws Exception {
    String v1 =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"type\":\"library\",\"group\":\"acme\",\"name\":\"tool\",\"version\":\"1\"}]}";
    String v2 = v1.replace("\"version\":\"1\"", "\"version\":\"2\"");

    var diff =
        InventoryDiff.diff(
            inventory(ComponentEvents.items(SbomParser.parse(v1.getBytes()))),
            ComponentEvents.items(SbomParser.parse(v2.getBytes())));

    assertThat(diff.added())
        .singleElement()
        .satisfies(a -> assertThat(a.replaces()).isEqualTo("1"));
  }

  @Test
  void shouldReportKeptComponentsWhosePathsChangedAsUpdatedAndNothingElse() throws Exception {
    var next = items(CORE_14, API);
    Map<String, Long> stored = new LinkedHashMap<>(ComponentEvents.pathsHashes(next));
    stored.put(API, stored.get(API) + 1);

    InventoryDiff.Diff diff = InventoryDiff.diff(stored.keySet(), id -> null, stored::get, next);

    assertThat(diff.added()).isEmpty();
    assertThat(diff.removed()).isEmpty();
    assertThat(diff.unchanged()).hasSize(2);
    assertThat(diff.updated()).extracting(ComponentEvents.Item::identity).containsExactly(API);
    assertThat(diff.isEmpty()).isFalse();
    assertThat(ComponentEvents.events(diff, "shop", "shop", null, "s2", Instant.EPOCH, false))
        .extracting(e -> e.getChange() + " " + e.getEventId())
        .containsExactly("UPDATED s2:UPDATED:" + API);
  }

  @Test
  void shouldReportEveryKeptComponentAsUpdatedWhenTheStoreKeptNoPathsForIt() throws Exception {
    var next = items(CORE_14, API);

    InventoryDiff.Diff diff =
        InventoryDiff.diff(List.of(CORE_14, API), id -> null, id -> null, next);

    assertThat(diff.updated()).hasSize(2);
  }

  private static List<ComponentEvents.Item> items(String... purls) throws Exception {
    return ComponentEvents.items(SbomParser.parse(Sboms.cyclonedx(List.of(purls))));
  }

  private static Map<String, Component> inventory(List<ComponentEvents.Item> items) {
    Map<String, Component> m = new LinkedHashMap<>();
    items.forEach(i -> m.put(i.identity(), i.component()));
    return m;
  }
}
