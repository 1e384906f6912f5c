package io.vigil.core.triage;

/** Where a decision came from (shown in the audit trail). */
public enum AnalysisSource {
  /** A person, through the HTTP API or the CLI. */
  MANUAL,
  /** A policy rule ({@code sourceRef} names it). */
  POLICY,
  /** An imported VEX document ({@code sourceRef} identifies it). */
  VEX
}
