package io.vigil.sbom.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomFormat;
import io.vigil.core.sbom.SbomParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cyclonedx.Version;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Schema validation of a document that already parsed (so an XML document here has no DTD: the
 * parser rejects those before anything can resolve an entity).
 *
 * <ul>
 *   <li>CycloneDX JSON and XML: the official schemas of the declared spec version (1.0–1.6), as
 *       shipped in cyclonedx-core-java ({@link CycloneDxSchemas});
 *   <li>SPDX JSON and YAML: the official SPDX 2.2 / 2.3 JSON schemas (as shipped in spdx
 *       tools-java), through networknt json-schema-validator;
 *   <li>SPDX tag-value: the fields the spec requires ({@link SpdxTagValueChecks}).
 * </ul>
 */
public final class SchemaValidator {
  private static final Pattern SPDX_VERSION = Pattern.compile("SPDX-2\\.([23])");
  private static final ObjectMapper JSON = new ObjectMapper(limited(new JsonFactory()));
  private static final ObjectMapper YAML = new ObjectMapper(limited(yaml()));
  private static final Map<String, Schema> SPDX_SCHEMAS =
      Map.of("2", spdxSchema("2.2"), "3", spdxSchema("2.3"));

  private SchemaValidator() {}

  private static JsonFactory limited(JsonFactory f) {
    f.setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(SbomParser.MAX_DEPTH).build());
    return f;
  }

  private static YAMLFactory yaml() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(Integer.MAX_VALUE);
    o.setMaxAliasesForCollections(20);
    o.setNestingDepthLimit(SbomParser.MAX_DEPTH);
    return YAMLFactory.builder().loaderOptions(o).build();
  }

  private static Schema spdxSchema(String version) {
    String resource = "/resources/spdx-schema-v" + version + ".json";
    try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("SPDX schema " + resource + " missing from the classpath");
      }
      JsonNode schema = new ObjectMapper().readTree(in);
      return SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_7,
              b ->
                  b.schemaRegistryConfig(
                      SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()))
          .getSchema(schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every schema violation of {@code body} (BOM already stripped), which parsed as {@code doc}. */
  public static List<Violation> validate(byte[] body, SbomDocument doc) {
    Violations out = new Violations(SbomIntake.MAX_REPORTED);
    validate(body, doc, out);
    return out.list();
  }

  /**
   * The schema violations of {@code body} (BOM already stripped), which parsed as {@code doc}, into
   * {@code out}: validation stops once it is full.
   */
  public static void validate(byte[] body, SbomDocument doc, Violations out) {
    switch (doc.format()) {
      case CYCLONEDX_JSON, CYCLONEDX_XML -> cycloneDx(body, doc, out);
      case SPDX_JSON, SPDX_YAML -> spdx(body, doc, out);
      case SPDX_TAG_VALUE -> {
        spdxVersion(doc.specVersion(), "SPDXVersion").forEach(out::add);
        SpdxTagValueChecks.check(body, out);
      }
    }
  }

  private static void cycloneDx(byte[] body, SbomDocument doc, Violations out) {
    boolean json = doc.format() == SbomFormat.CYCLONEDX_JSON;
    String where = json ? "$.specVersion" : "/bom/@xmlns";
    String spec = doc.specVersion();
    Version version = null;
    if (spec != null) {
      for (Version v : Version.values()) {
        if (v.getVersionString().equals(spec)) {
          version = v;
        }
      }
    }
    if (version == null) {
      out.add(
          where,
          spec == null
              ? "the CycloneDX spec version is missing"
              : Violation.quote(spec)
                  + " is not a CycloneDX spec version Vigil validates (1.0–1.6)");
      return;
    }
    if (json && version.getVersion() < 1.2) {
      out.add(where, "CycloneDX " + spec + " has no JSON encoding (JSON starts at 1.2)");
      return;
    }
    if (!json) {
      CycloneDxSchemas.validateXml(body, spec, out);
      return;
    }
    try {
      CycloneDxSchemas.validateJson(JSON.readTree(body), spec, out);
    } catch (IOException e) {
      out.add("$", "not readable for validation: " + e.getMessage());
    }
  }

  private static void spdx(byte[] body, SbomDocument doc, Violations out) {
    spdxVersion(doc.specVersion(), "$.spdxVersion").forEach(out::add);
    Matcher v = SPDX_VERSION.matcher(doc.specVersion() == null ? "" : doc.specVersion());
    Schema schema = SPDX_SCHEMAS.get(v.matches() ? v.group(1) : "3");
    JsonNode tree;
    try {
      tree = (doc.format() == SbomFormat.SPDX_YAML ? YAML : JSON).readTree(body);
    } catch (IOException e) {
      out.add("$", "not readable for validation: " + e.getMessage());
      return;
    }
    if (!CycloneDxSchemas.conforms(schema, tree)) {
      CycloneDxSchemas.listErrors(schema, tree, out);
    }
  }

  private static List<Violation> spdxVersion(String version, String where) {
    if (version == null || !SPDX_VERSION.matcher(version).matches()) {
      return List.of(
          new Violation(
              where,
              Violation.quote(version)
                  + " is not an SPDX version Vigil validates (SPDX-2.2, SPDX-2.3)"));
    }
    return List.of();
  }
}
