package io.vigil.sbom.intake;

import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomFormat;

/**
 * The path of one field of a component, in its document's own terms: {@code $.components[3].purl}
 * (CycloneDX JSON), {@code /bom/components/component[4]/purl (line 120)} (XML), {@code
 * $.packages[2].versionInfo} (SPDX JSON and YAML), {@code package at line 12: PackageVersion}
 * (tag-value).
 */
final class Fields {
  private Fields() {}

  /** Where {@code field} (a CycloneDX name: purl, bom-ref, name, ...) of {@code c} is. */
  static String path(SbomFormat format, SbomComponent c, String field) {
    String location = c.location() == null ? "component " + c.label() : c.location();
    return switch (format) {
      case CYCLONEDX_JSON -> location + "." + field;
      case CYCLONEDX_XML -> xml(location, field.equals("bom-ref") ? "@bom-ref" : field);
      case SPDX_JSON, SPDX_YAML -> location + "." + name(format, field);
      case SPDX_TAG_VALUE -> "package at " + location + ": " + tag(field);
    };
  }

  /** What the format calls the field. */
  static String name(SbomFormat format, String field) {
    if (format != SbomFormat.SPDX_JSON && format != SbomFormat.SPDX_YAML) {
      return format == SbomFormat.SPDX_TAG_VALUE ? tag(field) : field;
    }
    return switch (field) {
      case "purl" -> "externalRefs[].referenceLocator (purl)";
      case "cpe" -> "externalRefs[].referenceLocator (cpe)";
      case "bom-ref" -> "SPDXID";
      case "version" -> "versionInfo";
      case "type" -> "primaryPackagePurpose";
      case "hashes" -> "checksums";
      case "licenses" -> "licenseConcluded/licenseDeclared";
      default -> field;
    };
  }

  private static String tag(String field) {
    return switch (field) {
      case "purl" -> "ExternalRef purl";
      case "cpe" -> "ExternalRef cpe23Type";
      case "bom-ref" -> "SPDXID";
      case "name" -> "PackageName";
      case "version" -> "PackageVersion";
      case "type" -> "PrimaryPackagePurpose";
      case "hashes" -> "PackageChecksum";
      case "licenses" -> "PackageLicenseConcluded/PackageLicenseDeclared";
      default -> field;
    };
  }

  /**
   * {@code /bom/components/component[4] (line 120)} + purl → {@code .../component[4]/purl (line
   * 120)}.
   */
  private static String xml(String location, String field) {
    int line = location.indexOf(" (line ");
    return line < 0
        ? location + "/" + field
        : location.substring(0, line) + "/" + field + location.substring(line);
  }
}
