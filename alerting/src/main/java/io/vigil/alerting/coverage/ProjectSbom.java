package io.vigil.alerting.coverage;

import java.time.Instant;

/**
 * A project's newest accepted SBOM, as the digest needs it.
 *
 * @param project the inventory identity ({@code project} or {@code project@version})
 * @param receivedAt when Vigil received it
 * @param components components in it
 * @param withoutPurl of those, without a purl (invisible to matching by package)
 * @param score the minimum-elements score 0-100, or null when the producer did not compute one
 */
public record ProjectSbom(
    String project, Instant receivedAt, int components, int withoutPurl, Integer score) {}
