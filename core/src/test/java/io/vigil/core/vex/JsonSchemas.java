package io.vigil.core.vex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The formats' JSON schemas, for the writer tests: CycloneDX 1.6 as bundled in cyclonedx-core-java
 * (the copy ingest-sbom validates SBOMs with; its references to spdx and jsf resolve on the
 * classpath, never the network), OpenVEX 0.2.0 from openvex/spec (a bundled test resource).
 */
final class JsonSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema CYCLONEDX_16 = cycloneDx("bom-1.6.schema.json");
  private static final Schema OPENVEX = openVex();

  private JsonSchemas() {}

  /** Violations of a CycloneDX 1.6 JSON document, as {@code path: message}. */
  static List<String> cycloneDx16(byte[] document) throws IOException {
    return messages(CYCLONEDX_16.validate(JSON.readTree(document)));
  }

  /** Violations of an OpenVEX 0.2.0 document. */
  static List<String> openVex(byte[] document) throws IOException {
    return messages(OPENVEX.validate(JSON.readTree(document)));
  }

  private static List<String> messages(List<Error> errors) {
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  private static Schema cycloneDx(String file) {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7,
            b ->
                b.schemaIdResolvers(
                    r -> r.mapPrefix("http://cyclonedx.org/schema/", "classpath:")));
    try (InputStream in = JsonSchemas.class.getClassLoader().getResourceAsStream(file)) {
      return registry.getSchema(JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Schema openVex() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    try (InputStream in =
        JsonSchemas.class.getResourceAsStream("/vex/schema/openvex_json_schema.json")) {
      return registry.getSchema(JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
