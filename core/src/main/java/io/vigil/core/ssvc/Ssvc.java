package io.vigil.core.ssvc;

import io.vigil.core.project.Criticality;
import io.vigil.core.project.ProjectContext;
import io.vigil.core.project.ProjectExposure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The SSVC decision for one exposure: how Vigil answers CISA's four decision points from its data,
 * then {@link CisaSsvc#decide}. Pure.
 *
 * <table>
 *   <tr><th>decision point</th><th>from</th></tr>
 *   <tr><td>Exploitation</td><td>a malicious-package record or a KEV entry → <em>active</em>; EPSS
 *       ≥ {@link SsvcSettings#epssPocThreshold} → <em>public poc</em>; else <em>none</em></td></tr>
 *   <tr><td>Automatable</td><td>CVSS v4.0: the supplemental metric {@code AU} when stated ({@code
 *       Y}/{@code N}: SSVC's own decision point, which CVSS v4 adopted); otherwise, and for CVSS
 *       v3.x, <em>yes</em> exactly when {@code AV:N}, {@code AC:L}, {@code PR:N}, {@code UI:N}
 *       (and v4 {@code AT:N}): reachable over the network with no privileges, no user and no
 *       special conditions, which is what reliably automating reconnaissance to exploitation needs
 *       </td></tr>
 *   <tr><td>Technical Impact</td><td>CERT/CC's CVSS v4 → Technical Impact mapping ({@code
 *       data/csv/ssvc/cvssv4_to_technical_impact_1_0_0.csv} in github.com/CERTCC/SSVC): <em>total</em>
 *       when confidentiality and integrity are both high, or when no privileges are required and
 *       one is high and the other low; else <em>partial</em>. v4 reads {@code PR}, {@code VC},
 *       {@code VI}; v3.x reads {@code PR}, {@code C}, {@code I} the same way</td></tr>
 *   <tr><td>Mission &amp; Well-being</td><td>Table 8 of the guide over the project's criticality
 *       (= Mission Prevalence) and exposure: internet-facing → Public Well-Being Impact
 *       <em>material</em> (a compromise reaches the public), internal → <em>minimal</em>;
 *       <em>irreversible</em> is never inferred</td></tr>
 * </table>
 *
 * <p>Vectors: the highest CVSS major version present decides (v4 over v3); when the alias group has
 * several vectors of that version (GHSA and NVD disagree), each decision point takes the more
 * urgent answer. <b>Missing data is never read as reassuring</b>: without a readable v3/v4 vector
 * Automatable is <em>yes</em> and Technical Impact <em>total</em>; a malicious package is always
 * <em>active</em>/<em>yes</em>/<em>total</em> (installing it runs the attacker's code); an unstated
 * criticality or exposure takes {@link SsvcSettings}' default. Each such default is listed in
 * {@link SsvcDecision#assumed()}.
 */
public final class Ssvc {
  private Ssvc() {}

  public static SsvcDecision decide(SsvcEvidence evidence, SsvcSettings settings) {
    TreeSet<String> assumed = new TreeSet<>();

    Exploitation exploitation;
    String exploitationBasis;
    if (evidence.malicious()) {
      exploitation = Exploitation.ACTIVE;
      exploitationBasis = "malicious package";
    } else if (evidence.inKev()) {
      exploitation = Exploitation.ACTIVE;
      exploitationBasis = "in CISA KEV";
    } else if (evidence.epss() != null && evidence.epss() >= settings.epssPocThreshold()) {
      exploitation = Exploitation.POC;
      exploitationBasis =
          "EPSS " + number(evidence.epss()) + " >= " + number(settings.epssPocThreshold());
    } else {
      exploitation = Exploitation.NONE;
      exploitationBasis =
          "not in KEV, "
              + (evidence.epss() == null
                  ? "no EPSS score"
                  : "EPSS "
                      + number(evidence.epss())
                      + " < "
                      + number(settings.epssPocThreshold()));
    }

    List<CvssVector> vectors = newestVectors(evidence.cvssVectors());
    Automatable automatable;
    String automatableBasis;
    TechnicalImpact technicalImpact;
    String technicalImpactBasis;
    if (evidence.malicious()) {
      automatable = Automatable.YES;
      automatableBasis = "malicious package: runs when installed";
      technicalImpact = TechnicalImpact.TOTAL;
      technicalImpactBasis = "malicious package: the attacker's code runs with the build's rights";
    } else if (vectors.isEmpty()) {
      automatable = Automatable.YES;
      automatableBasis = "no CVSS v3/v4 vector: assumed yes";
      technicalImpact = TechnicalImpact.TOTAL;
      technicalImpactBasis = "no CVSS v3/v4 vector: assumed total";
      assumed.add("automatable");
      assumed.add("technicalImpact");
    } else {
      CvssVector a = vectors.get(0);
      for (CvssVector v : vectors) {
        if (automatable(v) == Automatable.YES) {
          a = v;
          break;
        }
      }
      automatable = automatable(a);
      automatableBasis = automatableBasis(a, automatable);
      CvssVector t = vectors.get(0);
      for (CvssVector v : vectors) {
        if (technicalImpact(v) == TechnicalImpact.TOTAL) {
          t = v;
          break;
        }
      }
      technicalImpact = technicalImpact(t);
      technicalImpactBasis =
          "CVSS "
              + t.vector().substring(5, 8)
              + " PR:"
              + t.get("PR")
              + (t.major() == 4 ? "/VC:" : "/C:")
              + t.confidentiality()
              + (t.major() == 4 ? "/VI:" : "/I:")
              + t.integrity();
    }

    ProjectContext project = evidence.project();
    Criticality criticality = project.criticality();
    if (criticality == null) {
      criticality = settings.defaultCriticality();
      assumed.add("criticality");
    }
    ProjectExposure exposure = project.exposure();
    if (exposure == null) {
      exposure = settings.defaultExposure();
      assumed.add("exposure");
    }
    PublicWellbeing wellbeing =
        exposure == ProjectExposure.INTERNET_FACING
            ? PublicWellbeing.MATERIAL
            : PublicWellbeing.MINIMAL;
    MissionWellbeing mission = CisaSsvc.missionWellbeing(criticality, wellbeing);
    String missionBasis =
        "criticality "
            + criticality.label()
            + (project.criticality() == null ? " (default)" : "")
            + ", "
            + exposure.label()
            + (project.exposure() == null ? " (default)" : "");

    return new SsvcDecision(
        CisaSsvc.decide(exploitation, automatable, technicalImpact, mission),
        exploitation,
        automatable,
        technicalImpact,
        mission,
        exploitationBasis,
        automatableBasis,
        technicalImpactBasis,
        missionBasis,
        assumed);
  }

  /** Automatable from one vector (see the class comment). */
  static Automatable automatable(CvssVector v) {
    String au = v.major() == 4 ? v.get("AU") : null;
    if ("Y".equals(au)) {
      return Automatable.YES;
    }
    if ("N".equals(au)) {
      return Automatable.NO;
    }
    boolean open =
        "N".equals(v.get("AV"))
            && "L".equals(v.get("AC"))
            && "N".equals(v.get("PR"))
            && "N".equals(v.get("UI"))
            && (v.major() == 3 || "N".equals(v.get("AT")));
    return open ? Automatable.YES : Automatable.NO;
  }

  private static String automatableBasis(CvssVector v, Automatable a) {
    String version = "CVSS " + v.vector().substring(5, 8);
    String au = v.major() == 4 ? v.get("AU") : null;
    if ("Y".equals(au) || "N".equals(au)) {
      return version + " AU:" + au;
    }
    return version
        + " AV:"
        + v.get("AV")
        + "/AC:"
        + v.get("AC")
        + (v.major() == 4 ? "/AT:" + v.get("AT") : "")
        + "/PR:"
        + v.get("PR")
        + "/UI:"
        + v.get("UI");
  }

  /** Technical Impact from one vector: CERT/CC's v4 mapping (see the class comment). */
  static TechnicalImpact technicalImpact(CvssVector v) {
    return technicalImpact(v.get("PR"), v.confidentiality(), v.integrity());
  }

  /** CERT/CC's CVSS v4 → Technical Impact mapping 1.0.0 over PR, VC, VI (or v3's PR, C, I). */
  static TechnicalImpact technicalImpact(
      String privilegesRequired, String confidentiality, String integrity) {
    boolean bothHigh = "H".equals(confidentiality) && "H".equals(integrity);
    boolean highAndLow =
        ("H".equals(confidentiality) && "L".equals(integrity))
            || ("L".equals(confidentiality) && "H".equals(integrity));
    return bothHigh || ("N".equals(privilegesRequired) && highAndLow)
        ? TechnicalImpact.TOTAL
        : TechnicalImpact.PARTIAL;
  }

  /** The readable vectors of the highest CVSS major version present, in the order given. */
  private static List<CvssVector> newestVectors(List<String> vectors) {
    List<CvssVector> parsed = new ArrayList<>();
    int newest = 0;
    for (String s : vectors) {
      Optional<CvssVector> v = CvssVector.parse(s);
      if (v.isPresent()) {
        parsed.add(v.get());
        newest = Math.max(newest, v.get().major());
      }
    }
    int major = newest;
    return parsed.stream().filter(v -> v.major() == major).toList();
  }

  private static String number(double d) {
    return String.format(Locale.ROOT, "%.4g", d).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
