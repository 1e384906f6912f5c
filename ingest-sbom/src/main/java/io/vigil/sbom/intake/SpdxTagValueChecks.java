package io.vigil.sbom.intake;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The required fields of an SPDX 2.2/2.3 tag-value document: the document creation information
 * (SPDXVersion, DataLicense, SPDXID, DocumentName, DocumentNamespace, Creator, Created) and, for
 * each package, SPDXID and PackageDownloadLocation; ExternalRef and Relationship lines must have
 * their three parts. (Tag-value has no machine-readable schema; these are the spec's "cardinality
 * 1..1" fields.)
 */
final class SpdxTagValueChecks {
  private static final List<String> DOCUMENT_TAGS =
      List.of(
          "SPDXVersion",
          "DataLicense",
          "SPDXID",
          "DocumentName",
          "DocumentNamespace",
          "Creator",
          "Created");

  private SpdxTagValueChecks() {}

  /** The violations into {@code out}, stopping once it is full. */
  static void check(byte[] body, Violations out) {
    String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n|\r", -1);
    Set<String> documentTags = new LinkedHashSet<>();
    boolean inDocument = true;
    int packageLine = -1;
    boolean packageId = false;
    boolean packageDownload = false;
    boolean inText = false;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (inText) {
        inText = !l.contains("</text>");
        continue;
      }
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int colon = l.indexOf(':');
      if (colon <= 0) {
        out.add(new Violation("line " + (i + 1), "not a 'Tag: value' line"));
        continue;
      }
      String tag = l.substring(0, colon).strip();
      String value = l.substring(colon + 1).strip();
      if (value.startsWith("<text>") && !value.contains("</text>")) {
        inText = true;
      }
      switch (tag) {
        case "PackageName", "FileName", "SnippetSPDXID", "LicenseID" -> {
          endPackage(out, packageLine, packageId, packageDownload);
          inDocument = false;
          packageLine = tag.equals("PackageName") ? i + 1 : -1;
          packageId = false;
          packageDownload = false;
        }
        case "SPDXID" -> {
          if (inDocument) {
            documentTags.add(tag);
          } else if (packageLine > 0) {
            packageId = true;
          }
        }
        case "PackageDownloadLocation" -> packageDownload = true;
        case "ExternalRef", "Relationship" -> {
          if (value.split("\\s+").length < 3) {
            out.add(new Violation("line " + (i + 1), tag + " needs three space-separated parts"));
          }
        }
        default -> {
          if (inDocument) {
            documentTags.add(tag);
          }
        }
      }
    }
    endPackage(out, packageLine, packageId, packageDownload);
    for (String required : DOCUMENT_TAGS) {
      if (!documentTags.contains(required)) {
        out.add(new Violation("document", "the required tag " + required + " is missing"));
      }
    }
  }

  private static void endPackage(
      Violations out, int packageLine, boolean packageId, boolean packageDownload) {
    if (packageLine < 0) {
      return;
    }
    if (!packageId) {
      out.add(
          new Violation("package at line " + packageLine, "the required tag SPDXID is missing"));
    }
    if (!packageDownload) {
      out.add(
          new Violation(
              "package at line " + packageLine,
              "the required tag PackageDownloadLocation is missing"));
    }
  }
}
