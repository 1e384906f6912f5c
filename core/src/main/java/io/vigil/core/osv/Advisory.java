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
  private final List<SeverityScore.Statement> topLevelSeverity;

  private Advisory(OsvRecord record) {
    this.record = record;
    Map<PackageKey, List<AffectedEntry>> m = new HashMap<>();
    for (AffectedEntry e : AffectedEntry.of(record)) {
      m.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    this.byKey = Map.copyOf(m);
    SeverityScore.Inputs inputs = SeverityScore.Inputs.of(record);
    this.severity = SeverityScore.ofGroup(List.of(inputs));
    this.topLevelSeverity = List.copyOf(inputs.topLevel());
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

  /**
   * This record's own severity, every package's statements as the fallback (not grouped by aliases;
   * findings use {@link AliasGroups}).
   */
  public SeverityScore severity() {
    return severity;
  }

  /**
   * What the severity rule reads of this advisory for one package: its top-level statements, the
   * {@code affected[].severity} of its entries for the package, its {@code database_specific}
   * rating.
   */
  public SeverityScore.Inputs severityInputs(PackageKey key) {
    List<SeverityScore.Statement> perPackage = new ArrayList<>();
    for (AffectedEntry e : entriesFor(key)) {
      perPackage.addAll(SeverityScore.Inputs.statements(e.source().severity()));
    }
    return new SeverityScore.Inputs(
        topLevelSeverity, perPackage, SeverityScore.Inputs.databaseWord(record));
  }

  @Override
  public String toString() {
    return record.id();
  }
}
