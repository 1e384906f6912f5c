package io.vigil.sbom.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.ls.LSInput;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The official CycloneDX schemas as shipped in cyclonedx-core-java (the same files, and for 1.2 and
 * 1.3 the same "strict" JSON variants, that its parsers validate against), compiled once per spec
 * version and shared by all threads. The library's own {@code validate} rebuilds the schema on
 * every call and loses the JSON path of each error; this keeps both.
 *
 * <p>Schema loading never leaves the classpath: the CycloneDX URLs the schemas refer to are mapped
 * to the bundled copies, and any other external access is disabled.
 */
final class CycloneDxSchemas {
  private static final String BASE = "http://cyclonedx.org/schema/";
  private static final Map<String, Schema> JSON = new ConcurrentHashMap<>();
  private static final Map<String, javax.xml.validation.Schema> XML = new ConcurrentHashMap<>();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_7,
          b ->
              b.schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:"))
                  .schemaRegistryConfig(
                      SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));

  private CycloneDxSchemas() {}

  /** Violations of a CycloneDX JSON document (spec 1.2–1.6) against its schema. */
  static void validateJson(JsonNode document, String specVersion, Violations out) {
    Schema schema = JSON.computeIfAbsent(specVersion, CycloneDxSchemas::loadJson);
    if (!conforms(schema, document)) {
      listErrors(schema, document, out);
    }
  }

  /**
   * Lists the violations of a document that does not conform, stopping at the cap: the validator
   * collects into a list that refuses (and ends the walk at) one error more than {@code out} can
   * take, so no more than that is ever computed or held.
   */
  static void listErrors(Schema schema, JsonNode document, Violations out) {
    CappedErrors errors = new CappedErrors(out.max());
    try {
      schema.validate(document, OutputFormat.DEFAULT, ctx -> ctx.setErrors(errors));
    } catch (CappedErrors.Full e) {
      out.markTruncated();
    }
    for (Error e : errors.first()) {
      String path = e.getInstanceLocation() == null ? "$" : e.getInstanceLocation().toString();
      String message = e.getMessage() == null ? "schema violation" : e.getMessage();
      if (message.startsWith(path + ": ")) {
        message = message.substring(path.length() + 2);
      }
      out.add(new Violation(path, message));
    }
  }

  /** The validator's error list, full at {@code max}: one more error ends the validation. */
  static final class CappedErrors extends ArrayList<Error> {
    private final int max;

    CappedErrors(int max) {
      this.max = max;
    }

    /** Thrown by {@link #add} past the cap; ends the schema walk. */
    static final class Full extends RuntimeException {
      Full() {
        super("violation cap reached", null, false, false);
      }
    }

    @Override
    public boolean add(Error e) {
      if (size() >= max) {
        throw new Full();
      }
      return super.add(e);
    }

    @Override
    public boolean addAll(java.util.Collection<? extends Error> c) {
      for (Error e : c) {
        add(e);
      }
      return !c.isEmpty();
    }

    /** The errors collected (a copy: the validator may still hold this list). */
    List<Error> first() {
      return new ArrayList<>(this);
    }
  }

  /**
   * The valid path: a yes/no answer that stops at the first violation and collects no annotations;
   * only a document that fails it is validated again to list every violation. On the benchmark's
   * 500-component SBOM this saves about 3 % of the validation's CPU (most of it is walking the
   * schema: every component against the component definition, {@code uniqueItems} hashing, the
   * failed branches of {@code oneOf}).
   */
  static boolean conforms(Schema schema, JsonNode document) {
    return Boolean.TRUE.equals(schema.validate(document, OutputFormat.BOOLEAN));
  }

  private static Schema loadJson(String specVersion) {
    String file =
        switch (specVersion) {
          case "1.2", "1.3" -> "bom-" + specVersion + "-strict.schema.json";
          default -> "bom-" + specVersion + ".schema.json";
        };
    try (InputStream in = resource(file)) {
      return REGISTRY.getSchema(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Violations of a CycloneDX XML document (no DTD: the parser rejected those) against its XSD; the
   * validation stops once {@code out} is full.
   */
  static void validateXml(byte[] body, String specVersion, Violations out) {
    javax.xml.validation.Schema schema =
        XML.computeIfAbsent(specVersion, CycloneDxSchemas::loadXml);
    Validator validator = schema.newValidator();
    try {
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.setErrorHandler(
          new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXException {
              if (out.full()) {
                out.markTruncated();
                throw new CapReached();
              }
              out.add(violation(e));
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
              out.add(violation(e));
              throw e;
            }
          });
      validator.validate(new StreamSource(new java.io.ByteArrayInputStream(body)));
    } catch (SAXParseException | CapReached e) {
      // reported by the handler
    } catch (SAXException | IOException e) {
      out.add(new Violation("$", "XML schema validation failed: " + e.getMessage()));
    }
  }

  /** Ends an XML validation once the violations are full. */
  private static final class CapReached extends SAXException {
    CapReached() {
      super("violation cap reached");
    }
  }

  private static Violation violation(SAXParseException e) {
    return new Violation(
        "line " + e.getLineNumber() + ", column " + e.getColumnNumber(), e.getMessage());
  }

  private static javax.xml.validation.Schema loadXml(String specVersion) {
    try {
      SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setResourceResolver(
          (type, namespaceUri, publicId, systemId, baseUri) -> {
            if (systemId != null && systemId.startsWith(BASE)) {
              String name = systemId.substring(BASE.length());
              return classpathInput(name.endsWith(".xsd") ? name : name + ".xsd", systemId);
            }
            return null;
          });
      try (InputStream in = resource("bom-" + specVersion + ".xsd")) {
        return f.newSchema(new StreamSource(in, BASE + "bom-" + specVersion + ".xsd"));
      }
    } catch (SAXException | IOException e) {
      throw new IllegalStateException("cannot load the CycloneDX " + specVersion + " XSD", e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = CycloneDxSchemas.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          name + " is missing from the classpath (cyclonedx-core-java)");
    }
    return in;
  }

  private static LSInput classpathInput(String name, String systemId) {
    byte[] bytes;
    try (InputStream in = resource(name)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LSInput() {
      @Override
      public Reader getCharacterStream() {
        return null;
      }

      @Override
      public void setCharacterStream(Reader characterStream) {}

      @Override
      public InputStream getByteStream() {
        return new java.io.ByteArrayInputStream(bytes);
      }

      @Override
      public void setByteStream(InputStream byteStream) {}

      @Override
      public String getStringData() {
        return null;
      }

      @Override
      public void setStringData(String stringData) {}

      @Override
      public String getSystemId() {
        return systemId;
      }

      @Override
      public void setSystemId(String id) {}

      @Override
      public String getPublicId() {
        return null;
      }

      @Override
      public void setPublicId(String publicId) {}

      @Override
      public String getBaseURI() {
        return null;
      }

      @Override
      public void setBaseURI(String baseUri) {}

      @Override
      public String getEncoding() {
        return null;
      }

      @Override
      public void setEncoding(String encoding) {}

      @Override
      public boolean getCertifiedText() {
        return false;
      }

      @Override
      public void setCertifiedText(boolean certifiedText) {}
    };
  }
}
