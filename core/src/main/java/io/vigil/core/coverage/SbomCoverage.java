package io.vigil.core.coverage;

import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How well one SBOM covers the minimum elements ({@link MinimumElement}), and how much of it is
 * invisible to matching (components without a purl). Pure: {@link #of(SbomDocument)}.
 *
 * <p><b>Rubric.</b> Each of the ten elements scores from 0 to 1: a per-component element scores the
 * share of the document's components (as listed, nested ones included) that have it; a document
 * element scores 1 when present, else 0. The {@code score} is the mean of the ten, as a whole
 * percentage (rounded down, so 100 means every element of every component). A document without
 * components scores 0 on every per-component element: it inventories nothing.
 *
 * @param components components listed
 * @param componentsWithoutPurl of those, without a purl (matching by package cannot see them)
 * @param present per-component element → components that have it; document element → 1 or 0
 * @param score 0–100, see above
 */
public record SbomCoverage(
    int components, int componentsWithoutPurl, Map<MinimumElement, Integer> present, int score) {

  public SbomCoverage {
    present = Collections.unmodifiableMap(new EnumMap<>(present));
  }

  /** Measures a parsed document. */
  public static SbomCoverage of(SbomDocument document) {
    List<SbomComponent> components = document.components();
    SbomMetadata meta = document.metadata();
    Map<MinimumElement, Integer> present = new EnumMap<>(MinimumElement.class);
    for (MinimumElement e : MinimumElement.values()) {
      present.put(e, 0);
    }
    int withoutPurl = 0;
    for (SbomComponent c : components) {
      withoutPurl += c.hasPurl() ? 0 : 1;
      count(present, MinimumElement.SUPPLIER, c.supplier() != null);
      count(present, MinimumElement.NAME, text(c.name()));
      count(present, MinimumElement.VERSION, text(c.version()));
      count(present, MinimumElement.IDENTIFIER, c.hasPurl() || text(c.cpe()));
      count(present, MinimumElement.HASH, c.hashes().stream().anyMatch(h -> text(h.value())));
      count(present, MinimumElement.LICENSE, !c.licenses().isEmpty());
      count(
          present,
          MinimumElement.DEPENDENCY,
          c.bomRef() != null && meta.dependencyRefs().contains(c.bomRef()));
    }
    present.put(MinimumElement.AUTHOR, meta.authors().isEmpty() ? 0 : 1);
    present.put(MinimumElement.TIMESTAMP, text(meta.timestamp()) ? 1 : 0);
    present.put(MinimumElement.TOOL, meta.tools().isEmpty() ? 0 : 1);

    double sum = 0;
    for (MinimumElement e : MinimumElement.values()) {
      if (e.perComponent()) {
        sum += components.isEmpty() ? 0 : (double) present.get(e) / components.size();
      } else {
        sum += present.get(e);
      }
    }
    int score = (int) Math.floor(sum * 100 / MinimumElement.values().length + 1e-9);
    return new SbomCoverage(components.size(), withoutPurl, present, score);
  }

  /** The share (0–1) of components or, for a document element, 0 or 1. */
  public double share(MinimumElement element) {
    if (!element.perComponent()) {
      return present.get(element);
    }
    return components == 0 ? 0 : (double) present.get(element) / components;
  }

  /** The share (0–1) of components without a purl; 0 without components. */
  public double withoutPurlShare() {
    return components == 0 ? 0 : (double) componentsWithoutPurl / components;
  }

  /** The elements not fully covered, in rubric order. */
  public List<MinimumElement> gaps() {
    List<MinimumElement> out = new ArrayList<>();
    for (MinimumElement e : MinimumElement.values()) {
      if (share(e) < 1.0) {
        out.add(e);
      }
    }
    return out;
  }

  private static void count(Map<MinimumElement, Integer> present, MinimumElement e, boolean has) {
    if (has) {
      present.merge(e, 1, Integer::sum);
    }
  }

  private static boolean text(String s) {
    return s != null && !s.isBlank();
  }
}
