package io.vigil.correlator;

import io.vigil.core.osv.AliasGroups;
import io.vigil.core.osv.SeverityScore;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The correlator's advisories (Avro) in core's alias-group and severity rule ({@link AliasGroups},
 * {@link SeverityScore}, matching rule M9): the rule itself lives in core, shared with {@code vigil
 * scan}; this only reads the fields it needs. A shard's advisories are the advisories of one
 * package, trimmed to that package's entries, so the per-package severity statements are their
 * {@code affected[].severities}.
 */
final class AdvisoryGroups {
  private AdvisoryGroups() {}

  /** The alias groups among the advisories of one package shard. */
  static AliasGroups of(Collection<Advisory> advisories) {
    List<AliasGroups.Member> members = new ArrayList<>(advisories.size());
    for (Advisory a : advisories) {
      members.add(member(a));
    }
    return AliasGroups.of(members);
  }

  static AliasGroups.Member member(Advisory a) {
    List<SeverityScore.Statement> perPackage = new ArrayList<>(0);
    for (AffectedPackage p : a.getAffected()) {
      perPackage.addAll(statements(p.getSeverities()));
    }
    return new AliasGroups.Member(
        a.getId(),
        a.getAliases(),
        a.getUpstream(),
        new SeverityScore.Inputs(
            statements(a.getSeverities()), perPackage, a.getDatabaseSeverity()));
  }

  /** The CVE ids an advisory names itself (id, aliases, upstream), sorted. */
  static List<String> cvesOf(Advisory a) {
    return AliasGroups.cvesOf(a.getId(), a.getAliases(), a.getUpstream());
  }

  /** Statements as ingest-advisories scored them (with core's {@code Cvss}). */
  private static List<SeverityScore.Statement> statements(List<Severity> severities) {
    List<SeverityScore.Statement> out = new ArrayList<>(severities.size());
    for (Severity s : severities) {
      out.add(SeverityScore.Statement.of(s.getType(), s.getScore(), s.getBaseScore()));
    }
    return out;
  }
}
