package io.vigil.core.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads JSON (CycloneDX, SPDX) and YAML (SPDX) SBOMs in one streaming pass over the top-level
 * object: each component/package and each dependency/relationship entry is materialised on its own
 * and converted at once; every other top-level member (vulnerabilities, files, snippets,
 * formulation, ...) is skipped without being built.
 *
 * <p>Bounded ({@link SbomLimits}): every token counts, skipped ones included (Jackson's token
 * count), so is every component, and YAML aliases are counted and never expanded.
 */
final class TreeDocumentReader {
  /** One JSON and one YAML mapper per distinct limits (in practice one or two). */
  private static final Map<SbomLimits, ObjectMapper[]> MAPPERS = new ConcurrentHashMap<>();

  private TreeDocumentReader() {}

  private static ObjectMapper[] mappers(SbomLimits limits) {
    return MAPPERS.computeIfAbsent(
        limits,
        l ->
            new ObjectMapper[] {
              new ObjectMapper(limited(new JsonFactory(), l)),
              new ObjectMapper(limited(yamlFactory(l), l))
            });
  }

  private static JsonFactory limited(JsonFactory f, SbomLimits limits) {
    f.setStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxNestingDepth(SbomParser.MAX_DEPTH)
            .maxTokenCount(limits.maxTokens())
            .build());
    return f;
  }

  private static YAMLFactory yamlFactory(SbomLimits limits) {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(Integer.MAX_VALUE); // the caller bounds the document size
    o.setMaxAliasesForCollections(20); // no alias bombs ("billion laughs" in YAML)
    o.setNestingDepthLimit(SbomParser.MAX_DEPTH);
    o.setAllowRecursiveKeys(false);
    return new YamlAliasCounter(o, limits.maxYamlAliases());
  }

  /** What one pass collects. */
  private static final class State {
    String bomFormat;
    String specVersion;
    String spdxVersion;
    JsonNode metadata;
    JsonNode creationInfo;
    final List<SbomComponent> components = new ArrayList<>();
    final Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    final List<SpdxModel.Package> packages = new ArrayList<>();
    final List<SpdxModel.Relationship> relationships = new ArrayList<>();
    final List<String> documentDescribes = new ArrayList<>();
    final List<String> warnings = new Warnings();
  }

  static SbomDocument read(byte[] body, boolean yaml, SbomLimits limits) throws SbomParseException {
    ObjectMapper mapper = mappers(limits)[yaml ? 1 : 0];
    String kind = yaml ? "YAML" : "JSON";
    State s = new State();
    JsonParser[] parser = new JsonParser[1];
    try (JsonParser p = mapper.createParser(body)) {
      parser[0] = p;
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new SbomParseException(
            "not an SBOM: the " + kind + " document is " + (t == null ? "empty" : "not an object"));
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "bomFormat" -> s.bomFormat = scalar(p);
          case "specVersion" -> s.specVersion = scalar(p);
          case "spdxVersion" -> s.spdxVersion = scalar(p);
          case "metadata" -> s.metadata = mapper.readTree(p);
          case "creationInfo" -> s.creationInfo = mapper.readTree(p);
          case "components" ->
              eachElement(
                  p,
                  mapper,
                  "$.components",
                  s.warnings,
                  (node, path) ->
                      CycloneDxTree.collect(node, path, s.components, s.warnings, limits));
          case "dependencies" ->
              eachElement(
                  p,
                  mapper,
                  "$.dependencies",
                  s.warnings,
                  (node, path) -> CycloneDxTree.dependency(node, s.dependsOn));
          case "packages" ->
              eachElement(
                  p,
                  mapper,
                  "$.packages",
                  s.warnings,
                  (node, path) -> {
                    limits.checkComponents(s.packages.size() + 1, path);
                    s.packages.add(SpdxModel.jsonPackage(node, path, s.warnings));
                  });
          case "relationships" ->
              eachElement(
                  p,
                  mapper,
                  "$.relationships",
                  s.warnings,
                  (node, path) -> SpdxModel.jsonRelationship(node, s.relationships));
          case "documentDescribes" -> {
            JsonNode n = mapper.readTree(p);
            n.forEach(d -> s.documentDescribes.add(d.asText()));
          }
          default -> p.skipChildren();
        }
      }
    } catch (StreamConstraintsException e) {
      throw new SbomParseException(constraint(e, kind, limits, parser[0]), e);
    } catch (IOException e) {
      throw new SbomParseException("not a valid " + kind + " document: " + oneLine(e), e);
    } catch (SbomLimits.Exceeded e) {
      throw new SbomParseException(e.getMessage(), e);
    }
    try {
      return finish(s, yaml, limits);
    } catch (SbomLimits.Exceeded e) {
      throw new SbomParseException(e.getMessage(), e);
    }
  }

  /** The message of a broken read constraint: nesting, the token count or YAML aliases. */
  private static String constraint(
      StreamConstraintsException e, String kind, SbomLimits limits, JsonParser p) {
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    var where = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
    String at =
        where == null
            ? ""
            : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    if (m.startsWith(YamlAliasCounter.MESSAGE)) {
      return "the document has " + m;
    }
    if (m.startsWith("Token count")) {
      return "the document has more than "
          + limits.maxTokens()
          + " "
          + kind
          + " tokens (the limit per SBOM)"
          + at;
    }
    return "document too deeply nested or too large: " + m;
  }

  private static SbomDocument finish(State s, boolean yaml, SbomLimits limits)
      throws SbomParseException {
    if ("CycloneDX".equals(s.bomFormat)) {
      if (yaml) {
        throw new SbomParseException(
            "not an SBOM: CycloneDX has no YAML encoding (send JSON or XML)");
      }
      return CycloneDxTree.document(
          s.specVersion, s.metadata, s.components, s.dependsOn, s.warnings, limits);
    }
    if (s.spdxVersion != null) {
      return SpdxModel.document(
          yaml ? SbomFormat.SPDX_YAML : SbomFormat.SPDX_JSON,
          s.spdxVersion,
          s.packages,
          s.relationships,
          s.documentDescribes,
          s.warnings,
          SpdxModel.jsonCreationInfo(s.creationInfo),
          limits);
    }
    if (s.bomFormat != null) {
      throw new SbomParseException(
          "not a CycloneDX document: $.bomFormat is '" + s.bomFormat + "' (expected 'CycloneDX')");
    }
    throw new SbomParseException(
        "not an SBOM: neither $.bomFormat (CycloneDX) nor $.spdxVersion (SPDX) is present");
  }

  @FunctionalInterface
  private interface ElementHandler {
    void accept(JsonNode node, String path) throws IOException;
  }

  private static void eachElement(
      JsonParser p, ObjectMapper mapper, String path, List<String> warnings, ElementHandler h)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_NULL) {
        warnings.add(path + " is not an array; ignored");
      }
      p.skipChildren();
      return;
    }
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      JsonNode node = mapper.readTree(p);
      h.accept(node, path + "[" + i + "]");
      i++;
    }
  }

  private static String scalar(JsonParser p) throws IOException {
    if (p.currentToken().isScalarValue()) {
      return p.getValueAsString();
    }
    p.skipChildren();
    return null;
  }

  private static String oneLine(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    com.fasterxml.jackson.core.JsonProcessingException jpe =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException x ? x : null;
    if (jpe != null && jpe.getOriginalMessage() != null) {
      m = jpe.getOriginalMessage();
    }
    int cut = m.indexOf('\n');
    String first = cut < 0 ? m : m.substring(0, cut);
    if (jpe != null && jpe.getLocation() != null) {
      return first
          + " (line "
          + jpe.getLocation().getLineNr()
          + ", column "
          + jpe.getLocation().getColumnNr()
          + ")";
    }
    return first;
  }
}
