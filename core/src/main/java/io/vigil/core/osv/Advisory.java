package io.vigil.core.osv;

import io.vigil.core.purl.PackageKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OSV record prepared for matching: its entries grouped by {@link PackageKey}, its severity
 * computed once. Immutable.
 */
public final class Advisory {
  private final OsvRecord record;
  private final Map<PackageKey, List<AffectedEntry>> byKey;
  private final SeverityScore severity;

  private Advisory(OsvRecord record) {
    this.record = record;
    Map<PackageKey, List<AffectedEntry>> m = new HashMap<>();
    for (AffectedEntry e : AffectedEntry.of(record)) {
      m.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    this.byKey = Map.copyOf(m);
    this.severity = SeverityScore.of(record);
  }

  public static Advisory of(OsvRecord record) {
    return new Advisory(record);
  }

  public OsvRecord record() {
    return record;
  }

  public String id() {
    return record.id();
  }

  public List<String> aliases() {
    return record.aliases();
  }

  public boolean withdrawn() {
    return record.isWithdrawn();
  }

  /** The packages this advisory names. */
  public Set<PackageKey> packages() {
    return byKey.keySet();
  }

  /** The prepared entries for one package (empty when the advisory does not name it). */
  public List<AffectedEntry> entriesFor(PackageKey key) {
    return byKey.getOrDefault(key, List.of());
  }

  /** This record's own severity (not yet grouped by aliases; see {@link AliasGroups}). */
  public SeverityScore severity() {
    return severity;
  }

  @Override
  public String toString() {
    return record.id();
  }
}
