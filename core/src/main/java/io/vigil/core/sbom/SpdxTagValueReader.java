package io.vigil.core.sbom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SPDX 2.x tag-value: a line scanner over {@code Tag: value} lines. A {@code PackageName} starts a
 * package, which ends at the next package, file, snippet or extracted-license section; {@code
 * <text>...</text>} values may span lines; {@code Relationship} lines may appear anywhere.
 */
final class SpdxTagValueReader {
  private SpdxTagValueReader() {}

  /** A package being read. */
  private static final class Pkg {
    String spdxId;
    String name;
    String version;
    String cpe;
    String type;
    String supplier;
    String originator;
    String sourceInfo;
    final List<String> purls = new ArrayList<>();
    final List<SbomComponent.Hash> hashes = new ArrayList<>();
    final List<String> licenses = new ArrayList<>();
    final int line;

    Pkg(int line) {
      this.line = line;
    }

    SpdxModel.Package build() {
      return new SpdxModel.Package(
          spdxId,
          name,
          version,
          purls,
          cpe,
          hashes,
          licenses,
          type,
          "line " + line,
          SpdxModel.supplier(supplier, originator),
          io.vigil.core.distro.SourcePackage.fromSpdxSourceInfo(sourceInfo));
    }
  }

  static SbomDocument read(byte[] body, SbomLimits limits) throws SbomParseException {
    try {
      return readLimited(body, limits);
    } catch (SbomLimits.Exceeded e) {
      throw new SbomParseException(e.getMessage(), e);
    }
  }

  private static SbomDocument readLimited(byte[] body, SbomLimits limits)
      throws SbomParseException {
    limits.checkTokens(lineCount(body), "tag-value lines", null); // before splitting them
    String text = new String(body, StandardCharsets.UTF_8);
    String[] lines = text.split("\r?\n|\r", -1);
    String spdxVersion = null;
    List<SpdxModel.Package> packages = new ArrayList<>();
    List<SpdxModel.Relationship> relationships = new ArrayList<>();
    List<String> warnings = new Warnings();
    String created = null;
    List<String> creators = new ArrayList<>();
    Pkg pkg = null;
    boolean inPackageSection = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int colon = l.indexOf(':');
      if (colon <= 0) {
        warnings.add("line " + (i + 1) + ": not a 'Tag: value' line; ignored");
        continue;
      }
      String tag = l.substring(0, colon).strip();
      String value = l.substring(colon + 1).strip();
      if (value.startsWith("<text>")) {
        StringBuilder v = new StringBuilder(value.substring(6));
        int start = i;
        while (v.indexOf("</text>") < 0 && i + 1 < lines.length) {
          i++;
          v.append('\n').append(lines[i]);
        }
        int end = v.indexOf("</text>");
        if (end < 0) {
          throw new SbomParseException(
              "not a valid SPDX tag-value document: <text> opened on line "
                  + (start + 1)
                  + " is never closed");
        }
        value = v.substring(0, end).strip();
      }
      switch (tag) {
        case "SPDXVersion" -> spdxVersion = value;
        case "Created" -> created = created == null ? value : created;
        case "Creator" -> creators.add(value);
        case "PackageName" -> {
          if (pkg != null) {
            packages.add(pkg.build());
          }
          limits.checkComponents(packages.size() + 1, "line " + (i + 1));
          pkg = new Pkg(i + 1);
          pkg.name = value;
          inPackageSection = true;
        }
        case "FileName", "SnippetSPDXID", "LicenseID" -> inPackageSection = false;
        case "Relationship" -> {
          String[] parts = value.split("\\s+");
          if (parts.length >= 3) {
            relationships.add(
                new SpdxModel.Relationship(parts[0], parts[1].toUpperCase(Locale.ROOT), parts[2]));
          } else {
            warnings.add("line " + (i + 1) + ": Relationship needs three parts; ignored");
          }
        }
        default -> {
          if (inPackageSection && pkg != null) {
            packageTag(pkg, tag, value, i + 1, warnings);
          }
        }
      }
    }
    if (pkg != null) {
      packages.add(pkg.build());
    }
    if (spdxVersion == null) {
      throw new SbomParseException("not an SPDX tag-value document: no SPDXVersion line");
    }
    return SpdxModel.document(
        SbomFormat.SPDX_TAG_VALUE,
        spdxVersion,
        packages,
        relationships,
        List.of(),
        warnings,
        new SpdxModel.CreationInfo(created, creators),
        limits);
  }

  /** How many lines {@code body} has (a CR LF pair ends one line). */
  static long lineCount(byte[] body) {
    long lines = 1;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == '\n' || (body[i] == '\r' && (i + 1 == body.length || body[i + 1] != '\n'))) {
        lines++;
      }
    }
    return lines;
  }

  private static void packageTag(
      Pkg pkg, String tag, String value, int line, List<String> warnings) {
    switch (tag) {
      case "SPDXID" -> {
        if (pkg.spdxId == null) {
          pkg.spdxId = value;
        }
      }
      case "PackageVersion" -> pkg.version = value;
      case "PackageSupplier" -> pkg.supplier = value;
      case "PackageOriginator" -> pkg.originator = value;
      case "PackageSourceInfo" -> pkg.sourceInfo = value;
      case "PrimaryPackagePurpose" -> pkg.type = SpdxModel.purpose(value);
      case "PackageLicenseConcluded", "PackageLicenseDeclared" ->
          SpdxModel.addLicense(pkg.licenses, value);
      case "PackageChecksum" -> {
        int c = value.indexOf(':');
        if (c > 0) {
          pkg.hashes.add(
              new SbomComponent.Hash(
                  value.substring(0, c).strip(), value.substring(c + 1).strip()));
        } else {
          warnings.add("line " + line + ": PackageChecksum is not 'ALGORITHM: value'; ignored");
        }
      }
      case "ExternalRef" -> {
        String[] parts = value.split("\\s+", 3);
        if (parts.length < 3) {
          warnings.add("line " + line + ": ExternalRef needs category, type and locator; ignored");
        } else if (SpdxModel.isPurlType(parts[1])) {
          if (!pkg.purls.contains(parts[2])) {
            pkg.purls.add(parts[2]);
          }
        } else if (pkg.cpe == null && SpdxModel.isCpeType(parts[1])) {
          pkg.cpe = parts[2];
        }
      }
      default -> {}
    }
  }
}
