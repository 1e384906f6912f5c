package io.vigil.core.distro;

import java.util.Map;

/**
 * The source package a distro binary package was built from, as the SBOM states it: Debian, Ubuntu
 * and Alpine advisories name source packages ({@code openssl}), SBOMs list binary packages ({@code
 * libssl3}). Read from every place generators write it:
 *
 * <ul>
 *   <li>the purl: {@code upstream=openssl}, {@code upstream=acl@2.2.52-3} (syft; percent-encoded
 *       {@code %40} in the purl), {@code upstream=openssl-1.1.1k-6.el8.src.rpm} (syft, rpm), {@code
 *       source=} and {@code sourceversion=} (osv-scalibr), {@code sourcerpm=} (osv-scalibr, rpm);
 *   <li>CycloneDX properties: syft's {@code syft:metadata:source} and {@code
 *       syft:metadata:sourceVersion} (deb), {@code syft:metadata:originPackage} (apk), {@code
 *       syft:metadata:sourceRpm} (rpm); trivy's {@code aquasecurity:trivy:SrcName}, {@code
 *       SrcVersion}, {@code SrcRelease}, {@code SrcEpoch};
 *   <li>SPDX {@code sourceInfo}: trivy's {@code built package from: openssl 3.0.9-1}.
 * </ul>
 *
 * @param name the source package name
 * @param version its version ({@code [epoch:]version[-revision]}), or null when not stated
 */
public record SourcePackage(String name, String version) {

  public SourcePackage {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a source package needs a name");
    }
    name = name.strip();
    version = version == null || version.isBlank() ? null : version.strip();
  }

  /** {@code name}, or {@code name version}. */
  @Override
  public String toString() {
    return version == null ? name : name + " " + version;
  }

  /**
   * The value of a purl {@code upstream} qualifier (already percent-decoded): {@code openssl},
   * {@code acl@2.2.52-3}, {@code gcc-6 (6.3.0-18)}, or a source RPM file name {@code
   * openssl-1.1.1k-6.el8.src.rpm}; null when blank.
   */
  public static SourcePackage fromUpstream(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.endsWith(".src.rpm") || v.endsWith(".nosrc.rpm")) {
      return fromSourceRpm(v);
    }
    int at = v.indexOf('@');
    if (at > 0) {
      return new SourcePackage(v.substring(0, at), v.substring(at + 1));
    }
    int paren = v.indexOf(" (");
    if (paren > 0 && v.endsWith(")")) {
      return new SourcePackage(v.substring(0, paren), v.substring(paren + 2, v.length() - 1));
    }
    int space = v.indexOf(' ');
    return space > 0
        ? new SourcePackage(v.substring(0, space), v.substring(space + 1))
        : new SourcePackage(v, null);
  }

  /** {@code openssl-1.1.1k-6.el8.src.rpm} → {@code openssl 1.1.1k-6.el8}; null when blank. */
  public static SourcePackage fromSourceRpm(String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    String s = file.strip();
    for (String suffix : new String[] {".src.rpm", ".nosrc.rpm"}) {
      if (s.endsWith(suffix)) {
        s = s.substring(0, s.length() - suffix.length());
        break;
      }
    }
    int release = s.lastIndexOf('-');
    int version = release > 0 ? s.lastIndexOf('-', release - 1) : -1;
    return version > 0
        ? new SourcePackage(s.substring(0, version), s.substring(version + 1))
        : new SourcePackage(s, null);
  }

  /**
   * The source package a CycloneDX component's properties state (syft, trivy), or null. Trivy's
   * parts join as {@code [epoch:]version[-release]} (an epoch of 0 is left out).
   */
  public static SourcePackage fromProperties(Map<String, String> properties) {
    if (properties == null || properties.isEmpty()) {
      return null;
    }
    String trivy = properties.get("aquasecurity:trivy:SrcName");
    if (trivy != null && !trivy.isBlank()) {
      String version = properties.get("aquasecurity:trivy:SrcVersion");
      if (version != null && !version.isBlank()) {
        String release = properties.get("aquasecurity:trivy:SrcRelease");
        String epoch = properties.get("aquasecurity:trivy:SrcEpoch");
        if (release != null && !release.isBlank()) {
          version = version + "-" + release.strip();
        }
        if (epoch != null && !epoch.isBlank() && !epoch.strip().equals("0")) {
          version = epoch.strip() + ":" + version;
        }
      }
      return new SourcePackage(trivy, version);
    }
    String deb = properties.get("syft:metadata:source");
    if (deb != null && !deb.isBlank()) {
      return new SourcePackage(deb, properties.get("syft:metadata:sourceVersion"));
    }
    String apk = properties.get("syft:metadata:originPackage");
    if (apk != null && !apk.isBlank()) {
      return new SourcePackage(apk, null);
    }
    return fromSourceRpm(properties.get("syft:metadata:sourceRpm"));
  }

  /** SPDX {@code sourceInfo} as trivy writes it, {@code built package from: openssl 3.0.9-1}. */
  public static SourcePackage fromSpdxSourceInfo(String sourceInfo) {
    if (sourceInfo == null) {
      return null;
    }
    String s = sourceInfo.strip();
    String prefix = "built package from:";
    if (!s.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    String rest = s.substring(prefix.length()).strip();
    if (rest.isEmpty()) {
      return null;
    }
    int space = rest.indexOf(' ');
    return space > 0
        ? new SourcePackage(rest.substring(0, space), rest.substring(space + 1))
        : new SourcePackage(rest, null);
  }
}
