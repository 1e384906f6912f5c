package io.vigil.core.triage;

import java.util.Locale;
import java.util.Optional;

/**
 * The state of an analysis, in the CycloneDX / Dependency-Track vocabulary, with its mapping to
 * OpenVEX and CSAF.
 *
 * <table>
 *   <tr><th>state</th><th>CycloneDX</th><th>OpenVEX</th><th>CSAF product_status</th><th>suppresses</th></tr>
 *   <tr><td>IN_TRIAGE</td><td>in_triage</td><td>under_investigation</td><td>under_investigation</td><td>no</td></tr>
 *   <tr><td>EXPLOITABLE</td><td>exploitable</td><td>affected</td><td>known_affected</td><td>no</td></tr>
 *   <tr><td>FALSE_POSITIVE</td><td>false_positive</td><td>not_affected</td><td>known_not_affected</td><td>yes</td></tr>
 *   <tr><td>NOT_AFFECTED</td><td>not_affected</td><td>not_affected</td><td>known_not_affected</td><td>yes</td></tr>
 *   <tr><td>RESOLVED</td><td>resolved</td><td>fixed</td><td>fixed</td><td>no</td></tr>
 * </table>
 *
 * <p>RESOLVED does not suppress: a component that is still in the inventory at an affected version
 * is still exposed, whatever a supplier says was fixed; the exposure ends when the inventory or the
 * advisory says so.
 */
public enum AnalysisState {
  IN_TRIAGE("in_triage", "under_investigation", "under_investigation"),
  EXPLOITABLE("exploitable", "affected", "known_affected"),
  FALSE_POSITIVE("false_positive", "not_affected", "known_not_affected"),
  NOT_AFFECTED("not_affected", "not_affected", "known_not_affected"),
  RESOLVED("resolved", "fixed", "fixed");

  private final String cycloneDx;
  private final String openVex;
  private final String csaf;

  AnalysisState(String cycloneDx, String openVex, String csaf) {
    this.cycloneDx = cycloneDx;
    this.openVex = openVex;
    this.csaf = csaf;
  }

  /** True for the states that suppress an exposure's alerts: NOT_AFFECTED and FALSE_POSITIVE. */
  public boolean suppresses() {
    return this == NOT_AFFECTED || this == FALSE_POSITIVE;
  }

  /** The CycloneDX {@code analysis.state} value. */
  public String cycloneDx() {
    return cycloneDx;
  }

  /** The OpenVEX {@code status} value. */
  public String openVex() {
    return openVex;
  }

  /** The CSAF {@code product_status} list this state is written to. */
  public String csaf() {
    return csaf;
  }

  /**
   * The state of a CycloneDX {@code analysis.state} ({@code resolved_with_pedigree} reads as
   * RESOLVED), or empty for an unknown value.
   */
  public static Optional<AnalysisState> fromCycloneDx(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("resolved_with_pedigree")) {
      return Optional.of(RESOLVED);
    }
    for (AnalysisState s : values()) {
      if (s.cycloneDx.equals(v)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The state of an OpenVEX {@code status} ({@code not_affected} reads as NOT_AFFECTED), or empty.
   */
  public static Optional<AnalysisState> fromOpenVex(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "under_investigation" -> Optional.of(IN_TRIAGE);
      case "affected" -> Optional.of(EXPLOITABLE);
      case "not_affected" -> Optional.of(NOT_AFFECTED);
      case "fixed" -> Optional.of(RESOLVED);
      default -> Optional.empty();
    };
  }

  /**
   * The state a CSAF {@code product_status} list means, or empty for the lists that state no VEX
   * status ({@code recommended}). {@code first_affected}/{@code last_affected} read as EXPLOITABLE,
   * {@code first_fixed} as RESOLVED.
   */
  public static Optional<AnalysisState> fromCsafStatus(String list) {
    if (list == null) {
      return Optional.empty();
    }
    return switch (list) {
      case "under_investigation" -> Optional.of(IN_TRIAGE);
      case "known_affected", "first_affected", "last_affected" -> Optional.of(EXPLOITABLE);
      case "known_not_affected" -> Optional.of(NOT_AFFECTED);
      case "fixed", "first_fixed" -> Optional.of(RESOLVED);
      default -> Optional.empty();
    };
  }

  /** Reads a state written in any case, with {@code -} or {@code _}: {@code not_affected}. */
  public static AnalysisState parse(String value) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown analysis state '"
              + value
              + "' (expected in_triage, exploitable, false_positive, not_affected, resolved)");
    }
  }
}
