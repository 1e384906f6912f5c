package io.vigil.core.osv;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scan's archive read needs to know of one record before deciding to read it in full: the
 * packages it names, and its id and withdrawal for when it is only counted. A record that is not
 * shaped so that {@link OsvReader#readAll(List, java.util.function.Predicate)} could make a summary
 * of it has no shape: it is always read in full. Used by the prepared index ({@code
 * io.vigil.core.osvdb}) to decide, once per feed, what {@link OsvReader} decides per scan.
 *
 * @param id the record's id
 * @param withdrawn its {@code withdrawn} time, or null
 * @param packages every {@code affected[].package} it names (ecosystem and name set), in order
 */
public record OsvEntryShape(String id, String withdrawn, List<OsvRecord.Package> packages) {
  public OsvEntryShape {
    packages = List.copyOf(packages);
  }

  /** The shape of one record's JSON, or null when a scan always reads it in full. */
  public static OsvEntryShape of(byte[] bytes) {
    List<OsvRecord.Package> named = new ArrayList<>();
    OsvRecord summary = OsvRecordSummary.summaryNaming(bytes, named::add);
    return summary == null ? null : new OsvEntryShape(summary.id(), summary.withdrawn(), named);
  }

  /**
   * The record as a scan that names none of its packages sees it: its id and withdrawal, no package
   * (it is counted, never evaluated).
   */
  public static OsvRecord counted(String id, String withdrawn) {
    return new OsvRecord(
        id, null, null, withdrawn, List.of(), List.of(), List.of(), null, List.of(), List.of(),
        null);
  }
}
