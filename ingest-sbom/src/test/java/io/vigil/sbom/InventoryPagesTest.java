package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InventoryPagesTest {
  private static InventoryPages.Entry entry(String identity, int bytes) {
    return new InventoryPages.Entry(identity, new byte[bytes]);
  }

  private static List<InventoryPages.Entry> entries(String prefix, int count, int bytes) {
    List<InventoryPages.Entry> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(entry(prefix + i, bytes));
    }
    return out;
  }

  /** The pages after applying an update to the current ones. */
  private static Map<Integer, List<InventoryPages.Entry>> after(
      Map<Integer, List<InventoryPages.Entry>> pages, InventoryPages.Update update) {
    Map<Integer, List<InventoryPages.Entry>> out = new HashMap<>(pages);
    update.delete().forEach(out::remove);
    out.putAll(update.write());
    return out;
  }

  private static Set<String> identities(Map<Integer, List<InventoryPages.Entry>> pages) {
    return pages.values().stream()
        .flatMap(List::stream)
        .map(InventoryPages.Entry::identity)
        .collect(Collectors.toSet());
  }

  @Test
  void shouldWriteOnePageWhenAFirstSbomOfFiveHundredComponentsArrives() {
    // Given an empty inventory, When 500 components of ~330 bytes join it
    InventoryPages.Update update =
        InventoryPages.apply(Map.of(), Set.of(), entries("pkg:npm/a", 500, 330));

    // Then one page holds them all, in order
    assertThat(update.delete()).isEmpty();
    assertThat(update.write()).containsOnlyKeys(0);
    assertThat(update.write().get(0))
        .extracting(InventoryPages.Entry::identity)
        .startsWith("pkg:npm/a0", "pkg:npm/a1")
        .hasSize(500);
  }

  @Test
  void shouldSplitIntoPagesOfAtMostThePageSizeWhenTheInventoryIsLarge() {
    InventoryPages.Update update =
        InventoryPages.apply(Map.of(), Set.of(), entries("c", 50_000, 300));

    assertThat(update.write()).hasSizeGreaterThan(50);
    update
        .write()
        .values()
        .forEach(
            page ->
                assertThat(page.stream().mapToInt(e -> e.event().length).sum())
                    .isLessThanOrEqualTo(InventoryPages.PAGE_BYTES));
    assertThat(identities(update.write())).hasSize(50_000);
  }

  @Test
  void shouldRewriteOnlyTheTouchedPagesWhenOneComponentIsUpgraded() {
    // Given a 3,000-component inventory over several pages
    Map<Integer, List<InventoryPages.Entry>> pages =
        InventoryPages.apply(Map.of(), Set.of(), entries("c", 3_000, 300)).write();
    assertThat(pages).hasSizeGreaterThan(3);

    // When c10 is replaced by its new version
    InventoryPages.Update update =
        InventoryPages.apply(pages, Set.of("c10"), List.of(entry("c10-new", 300)));

    // Then the page that held c10 and the last page are written, nothing else
    assertThat(update.write().size()).isLessThanOrEqualTo(2);
    assertThat(update.delete()).isEmpty();
    Map<Integer, List<InventoryPages.Entry>> next = after(pages, update);
    assertThat(identities(next)).hasSize(3_000).contains("c10-new").doesNotContain("c10");
  }

  @Test
  void shouldDeletePagesWhenAllTheirComponentsAreRemoved() {
    Map<Integer, List<InventoryPages.Entry>> pages =
        InventoryPages.apply(Map.of(), Set.of(), entries("c", 3_000, 300)).write();
    Set<String> all = identities(pages);

    InventoryPages.Update update = InventoryPages.apply(pages, all, List.of());

    assertThat(update.write()).isEmpty();
    assertThat(update.delete()).isEqualTo(pages.keySet());
  }

  @Test
  void shouldPackPagesAgainWhenRemovalsLeftMostOfThemSparse() {
    // Given 4,000 components on many pages
    Map<Integer, List<InventoryPages.Entry>> pages =
        InventoryPages.apply(Map.of(), Set.of(), entries("c", 4_000, 300)).write();
    int before = pages.size();

    // When three quarters of every page are removed
    Set<String> removed =
        identities(pages).stream()
            .filter(id -> Integer.parseInt(id.substring(1)) % 4 != 0)
            .collect(Collectors.toSet());
    InventoryPages.Update update = InventoryPages.apply(pages, removed, List.of());

    // Then the remaining 1,000 components are packed into as few pages as their size needs
    Map<Integer, List<InventoryPages.Entry>> next = after(pages, update);
    int needed = (int) Math.ceil(1_000 * 300.0 / InventoryPages.PAGE_BYTES);
    assertThat(before).isGreaterThan(needed);
    assertThat(next).hasSize(needed);
    assertThat(identities(next)).hasSize(1_000);
  }

  @Test
  void shouldGiveAComponentLargerThanAPageAPageOfItsOwnWhenItArrives() {
    InventoryPages.Update update =
        InventoryPages.apply(
            Map.of(),
            Set.of(),
            List.of(
                entry("small", 100), entry("huge", InventoryPages.PAGE_BYTES + 1), entry("x", 1)));

    assertThat(update.write()).hasSize(3);
    assertThat(update.write().get(1))
        .extracting(InventoryPages.Entry::identity)
        .containsOnly("huge");
  }
}
