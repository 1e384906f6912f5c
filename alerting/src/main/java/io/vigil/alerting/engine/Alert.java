package io.vigil.alerting.engine;

import java.time.Instant;
import java.util.List;

/**
 * One message (or one Jira operation) for one channel: a digest of a vulnerability across projects,
 * the summary of a project's first SBOM, the exposures that SBOM updates ended (one message for an
 * upgrade that resolves five vulnerabilities), or the issue of one (project, vulnerability).
 *
 * @param channel configured channel name
 * @param channelType slack, slack-api, jira, webhook, teams, console
 * @param kind digest, inventory summary, resolutions, malicious package or issue
 * @param batchKey what was grouped ({@code DIGEST|<vulnerability>}, {@code INVENTORY|<project>},
 *     {@code RESOLUTIONS}, {@code MALICIOUS|<vulnerability>}, {@code OVERDUE|<team>}, {@code
 *     ISSUE|<alert key>})
 * @param deliveryId deterministic id of this alert (same events, same id): sent as {@code
 *     X-Vigil-Delivery} and in Jira comment markers, so receivers can drop a duplicate
 * @param units the groups it covers
 * @param resolvedVulnerabilities the vulnerabilities this alert resolves and no project is exposed
 *     to on this channel any more once it is delivered (a Slack thread's parent is updated)
 * @param readyAt when the burst closed and the alert became ready to send
 */
public record Alert(
    String channel,
    String channelType,
    Kind kind,
    String batchKey,
    String deliveryId,
    List<AlertUnit> units,
    List<String> resolvedVulnerabilities,
    Instant readyAt) {

  /** What an alert is. */
  public enum Kind {
    DIGEST,
    INVENTORY,
    /** RESOLVED groups whose last component an SBOM update removed, across projects. */
    RESOLUTIONS,
    /**
     * A chat channel's exposures to one malicious-package record (OSV {@code MAL-}), sent at once
     * with their own advice; rendered like a digest.
     */
    MALICIOUS,
    /**
     * A chat channel's exposures of one team that went overdue (correlator {@code OVERDUE} events),
     * across vulnerabilities and projects: the per-team summary.
     */
    OVERDUE,
    ISSUE
  }

  public Alert {
    units = List.copyOf(units);
    resolvedVulnerabilities = List.copyOf(resolvedVulnerabilities);
  }

  /** For a digest: no project is exposed to its vulnerability on this channel any more. */
  public boolean vulnerabilityResolved() {
    return kind == Kind.DIGEST && resolvedVulnerabilities.contains(vulnerabilityId());
  }

  /** The units that make the channel send something. */
  public List<AlertUnit> telling() {
    return units.stream().filter(AlertUnit::tells).toList();
  }

  /** False when the alert only persists state (nothing to send). */
  public boolean sendsSomething() {
    return units.stream().anyMatch(AlertUnit::tells);
  }

  /** Every source position the alert covers. */
  public List<Source> sources() {
    return units.stream().flatMap(u -> u.sources().stream()).toList();
  }

  /** The vulnerability of a digest or an issue (null for an inventory summary or resolutions). */
  public String vulnerabilityId() {
    return kind == Kind.INVENTORY || kind == Kind.RESOLUTIONS || kind == Kind.OVERDUE
        ? null
        : units.get(0).key().vulnerabilityId();
  }
}
