package io.vigil.core.vex;

import java.time.Instant;
import java.util.List;

/**
 * A VEX document as read: its statements, in document order, and what looked wrong without making
 * it invalid.
 *
 * @param format the format
 * @param specVersion the spec version it declares (1.5, 0.2.0, 2.0), or null
 * @param id its id (CycloneDX serialNumber, OpenVEX {@code @id}, CSAF tracking id), or null
 * @param author its author (OpenVEX author, CSAF publisher, CycloneDX metadata authors or
 *     manufacturer), or null
 * @param timestamp its timestamp, or null
 * @param statements the statements
 * @param warnings things that were accepted but are worth telling (each with its path)
 */
public record VexDocument(
    VexFormat format,
    String specVersion,
    String id,
    String author,
    Instant timestamp,
    List<VexStatement> statements,
    List<String> warnings) {

  public VexDocument {
    statements = List.copyOf(statements);
    warnings = List.copyOf(warnings);
  }
}
