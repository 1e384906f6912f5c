package io.vigil.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SbomParserTest {

  private static final List<String> CDX_PURLS =
      List.of(
          "pkg:maven/com.example/plugin@0.1",
          "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
          "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1");

  private static final List<String> SPDX_PURLS =
      List.of(
          "pkg:maven/com.example/app@1.0.0",
          "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
          "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1",
          "pkg:deb/debian/zlib1g@1.2.13?arch=amd64",
          "pkg:generic/zlib@1.2.13");

  @ParameterizedTest
  @ValueSource(strings = {"app.cdx.json", "app.cdx.xml"})
  void shouldReadEveryComponentOfCycloneDxButNotToolsOrPedigreeWhenNested(String file)
      throws Exception {
    SbomDocument doc = SbomParser.parse(resource(file));

    assertThat(doc.format())
        .isEqualTo(file.endsWith(".json") ? SbomFormat.CYCLONEDX_JSON : SbomFormat.CYCLONEDX_XML);
    assertThat(doc.specVersion()).isEqualTo(file.endsWith(".json") ? "1.6" : "1.5");
    assertThat(doc.subject().purl()).isEqualTo("pkg:maven/com.example/app@1.0.0");
    assertThat(doc.components()).extracting(SbomComponent::purl).containsSequence(CDX_PURLS);
    assertThat(doc.components()).hasSize(4);
    assertThat(doc.componentsWithoutPurl()).isOne();
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.cdx.json", "app.cdx.xml"})
  void shouldKeepScopeHashesLicensesCpeAndDirectnessWhenTheDocumentStatesThem(String file)
      throws Exception {
    Map<String, SbomComponent> byName = byName(SbomParser.parse(resource(file)));

    SbomComponent core = byName.get("log4j-core");
    assertThat(core.group()).isEqualTo("org.apache.logging.log4j");
    assertThat(core.version()).isEqualTo("2.14.1");
    assertThat(core.scope()).isEqualTo("required");
    assertThat(core.type()).isEqualTo("library");
    assertThat(core.hashes())
        .containsExactly(
            new SbomComponent.Hash(
                "SHA-256", "ade7402a70667a727635d5c4c29495f4ff96f061f12539763f6f123973b465b0"));
    assertThat(core.licenses()).containsExactly("Apache-2.0");
    assertThat(core.direct()).isTrue();
    assertThat(byName.get("log4j-api").direct()).isFalse();
    assertThat(byName.get("plugin").direct()).isFalse();
    SbomComponent openssl = byName.get("openssl");
    assertThat(openssl.purl()).isNull();
    assertThat(openssl.cpe()).isEqualTo("cpe:2.3:a:openssl:openssl:3.0.8:*:*:*:*:*:*:*");
    assertThat(openssl.licenses()).containsExactly("Apache-2.0 OR MIT");
    assertThat(openssl.scope()).isEqualTo("optional");
    assertThat(openssl.direct()).isTrue();
  }

  @Test
  void shouldNameWhereEachComponentIsWhenReadingJsonAndXml() throws Exception {
    Map<String, SbomComponent> json = byName(SbomParser.parse(resource("app.cdx.json")));
    Map<String, SbomComponent> xml = byName(SbomParser.parse(resource("app.cdx.xml")));

    assertThat(json.get("log4j-api").location()).isEqualTo("$.components[0].components[0]");
    assertThat(json.get("plugin").location()).isEqualTo("$.metadata.component.components[0]");
    assertThat(xml.get("log4j-api").location())
        .startsWith("/bom/components/component[1]/components/component[1] (line ");
  }

  @Test
  void shouldLeaveDirectUnknownWhenTheGraphDoesNotMentionTheSubject() throws Exception {
    String json =
        """
        {"bomFormat":"CycloneDX","specVersion":"1.4","metadata":{"component":{"bom-ref":"x","type":"application","name":"x"}},
         "components":[{"bom-ref":"a","type":"library","name":"a","purl":"pkg:npm/a@1"}],
         "dependencies":[{"ref":"a","dependsOn":[]}]}
        """;

    SbomDocument doc = SbomParser.parse(json.getBytes(StandardCharsets.UTF_8));

    assertThat(doc.components()).singleElement().satisfies(c -> assertThat(c.direct()).isNull());
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.cdx.json", "app.cdx.xml", "app.spdx.json", "app.spdx"})
  void shouldIgnoreAUtf8ByteOrderMarkWhenPresent(String file) throws Exception {
    byte[] plain = resource(file);
    byte[] withBom = new byte[plain.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(plain, 0, withBom, 3, plain.length);

    assertThat(SbomParser.parse(withBom).components())
        .isEqualTo(SbomParser.parse(plain).components());
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.spdx.json", "app.spdx.yaml", "app.spdx"})
  void shouldReadEveryPackagePurlOfSpdxWhenInAnyEncoding(String file) throws Exception {
    SbomDocument doc = SbomParser.parse(resource(file));

    assertThat(doc.format())
        .isEqualTo(
            file.endsWith(".json")
                ? SbomFormat.SPDX_JSON
                : file.endsWith(".yaml") ? SbomFormat.SPDX_YAML : SbomFormat.SPDX_TAG_VALUE);
    assertThat(doc.specVersion()).isEqualTo("SPDX-2.3");
    assertThat(doc.components())
        .extracting(SbomComponent::purl)
        .containsExactlyElementsOf(SPDX_PURLS);
    assertThat(doc.subject().name()).isEqualTo("app");
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.spdx.json", "app.spdx.yaml", "app.spdx"})
  void shouldDeriveDirectDependenciesFromSpdxRelationshipsWhenTheSubjectHasEdges(String file)
      throws Exception {
    SbomDocument doc = SbomParser.parse(resource(file));
    Map<String, SbomComponent> byPurl =
        doc.components().stream().collect(Collectors.toMap(SbomComponent::purl, c -> c));

    assertThat(byPurl.get("pkg:maven/com.example/app@1.0.0").direct()).isNull();
    assertThat(byPurl.get("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").direct())
        .isTrue();
    assertThat(byPurl.get("pkg:deb/debian/zlib1g@1.2.13?arch=amd64").direct()).isTrue();
    assertThat(byPurl.get("pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1").direct())
        .isFalse();
    SbomComponent log4j = byPurl.get("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(log4j.version()).isEqualTo("2.14.1");
    assertThat(log4j.cpe()).isEqualTo("cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*");
    assertThat(log4j.licenses()).containsExactly("Apache-2.0");
    assertThat(log4j.hashes()).extracting(SbomComponent.Hash::algorithm).containsExactly("SHA1");
    assertThat(byPurl.get("pkg:generic/zlib@1.2.13").type()).isEqualTo("operating-system");
  }

  @Test
  void shouldNotLetAFileSectionChangeThePackageBeforeItWhenReadingTagValue() throws Exception {
    SbomDocument doc = SbomParser.parse(resource("app.spdx"));

    assertThat(doc.components())
        .filteredOn(c -> "zlib".equals(c.name()))
        .allSatisfy(c -> assertThat(c.version()).isEqualTo("1.2.13"));
    assertThat(doc.components())
        .extracting(SbomComponent::name)
        .doesNotContain("this line is inside a text block and starts no package");
  }

  @Test
  void shouldRejectAnXmlExternalEntityWithoutReadingTheFileWhenGivenXxe(@TempDir Path tmp)
      throws Exception {
    Path secret = tmp.resolve("secret.txt");
    Files.writeString(secret, "top-secret");
    String xxe =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE bom [ <!ENTITY xxe SYSTEM "%s"> ]>
        <bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
          <components><component type="library"><name>&xxe;</name></component></components>
        </bom>
        """
            .formatted(secret.toUri());

    assertThatThrownBy(() -> SbomParser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SbomParseException.class)
        .hasMessageContaining("document type declarations")
        .hasMessageNotContaining("top-secret");
  }

  @Test
  void shouldOpenNoConnectionWhenAnXmlDocumentNamesARemoteEntityOrDtd() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      List<String> documents =
          List.of(
              "<?xml version=\"1.0\"?><!DOCTYPE bom SYSTEM \"" + base + "/bom.dtd\"><bom/>",
              "<?xml version=\"1.0\"?><!DOCTYPE bom [<!ENTITY % p SYSTEM \""
                  + base
                  + "/p.dtd\"> %p;]><bom/>",
              "<?xml version=\"1.0\"?><!DOCTYPE bom [<!ENTITY e SYSTEM \""
                  + base
                  + "/e\">]><bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components>"
                  + "<component type=\"library\"><name>&e;</name></component></components></bom>");

      for (String doc : documents) {
        assertThatThrownBy(() -> SbomParser.parse(doc.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(SbomParseException.class);
      }

      assertThat(requests).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shouldRejectBillionLaughsWithoutExpandingWhenEntitiesNest() {
    StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE bom [\n");
    doc.append(" <!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      doc.append(" <!ENTITY lol").append(i).append(" \"");
      doc.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    doc.append("]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components>")
        .append("<component type=\"library\"><name>&lol9;</name></component></components></bom>");

    assertThatThrownBy(() -> SbomParser.parse(doc.toString().getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SbomParseException.class)
        .hasMessageContaining("document type declarations");
  }

  @Test
  void shouldRejectAnUndeclaredEntityWhenThereIsNoDtd() {
    String doc =
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><component"
            + " type=\"library\"><name>&lol9;</name></component></components></bom>";

    assertThatThrownBy(() -> SbomParser.parse(doc.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SbomParseException.class)
        .hasMessageContaining("lol9");
  }

  @Test
  void shouldNeverExpandYamlAliasesWhenABombMultipliesThem() throws Exception {
    StringBuilder yaml =
        new StringBuilder("spdxVersion: SPDX-2.3\na: &a [\"lol\",\"lol\",\"lol\"]\n");
    String prev = "a";
    for (char c = 'b'; c <= 'j'; c++) {
      yaml.append(c).append(": &").append(c).append(" [");
      yaml.append(String.join(",", java.util.Collections.nCopies(9, "*" + prev))).append("]\n");
      prev = String.valueOf(c);
    }
    yaml.append("packages: [*j]\n"); // 3 * 9^9 packages if aliases were expanded

    SbomDocument doc = SbomParser.parse(yaml.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(doc.components()).isEmpty();
    assertThat(doc.warnings()).containsExactly("$.packages[0] is not an object; ignored");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "xml"})
  void shouldRejectDeepNestingWithoutExhaustingTheStackWhenTheDocumentNestsTooDeep(String kind) {
    int depth = 100_000;
    String doc =
        kind.equals("json")
            ? "{\"bomFormat\":\"CycloneDX\",\"components\":["
                + "[".repeat(depth)
                + "]".repeat(depth)
                + "]}"
            : "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">"
                + "<a>".repeat(depth)
                + "</a>".repeat(depth)
                + "</bom>";

    assertThatThrownBy(() -> SbomParser.parse(doc.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SbomParseException.class)
        .hasMessageContaining("nest");
  }

  @Test
  void shouldExplainTheProblemWhenTheDocumentIsNoSbom() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(resource("app.cdx.json"));
    }

    assertThatThrownBy(() -> SbomParser.parse(new byte[0])).hasMessageContaining("empty");
    assertThatThrownBy(() -> SbomParser.parse("hello world".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("unrecognised format");
    assertThatThrownBy(() -> SbomParser.parse(gz.toByteArray())).hasMessageContaining("gzip");
    assertThatThrownBy(() -> SbomParser.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not an object");
    assertThatThrownBy(
            () ->
                SbomParser.parse(
                    "{\"bomFormat\":\"CDX\",\"specVersion\":\"1\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("$.bomFormat is 'CDX'");
    assertThatThrownBy(() -> SbomParser.parse("{\"components\":[".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> SbomParser.parse("<project/>".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("<project>");
  }

  @Test
  void shouldKeepComponentsWithoutPurlAndCountThemWhenOnlyNameAndVersionAreGiven()
      throws Exception {
    String json =
        """
        {"bomFormat":"CycloneDX","specVersion":"1.5","components":[
          {"type":"library","name":"a","version":"1"},
          {"type":"library","name":"b","version":"2","purl":"pkg:npm/b@2"},
          {"type":"library","name":"c","purl":""}]}
        """;

    SbomDocument doc = SbomParser.parse(json.getBytes(StandardCharsets.UTF_8));

    assertThat(doc.components()).hasSize(3);
    assertThat(doc.componentsWithoutPurl()).isEqualTo(2);
  }

  @Test
  void shouldDetectTheFormatFromTheFirstBytesWhenSniffing() throws Exception {
    assertThat(SbomParser.detect(resource("app.cdx.json"))).isEqualTo(SbomFormat.CYCLONEDX_JSON);
    assertThat(SbomParser.detect(resource("app.cdx.xml"))).isEqualTo(SbomFormat.CYCLONEDX_XML);
    assertThat(SbomParser.detect(resource("app.spdx.json"))).isEqualTo(SbomFormat.SPDX_JSON);
    assertThat(SbomParser.detect(resource("app.spdx.yaml"))).isEqualTo(SbomFormat.SPDX_YAML);
    assertThat(SbomParser.detect(resource("app.spdx"))).isEqualTo(SbomFormat.SPDX_TAG_VALUE);
    assertThat(SbomParser.detect("plain text".getBytes(StandardCharsets.UTF_8))).isNull();
  }

  private static Map<String, SbomComponent> byName(SbomDocument doc) {
    return doc.components().stream().collect(Collectors.toMap(SbomComponent::name, c -> c));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SbomParserTest.class.getResourceAsStream("/sbom/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return in.readAllBytes();
    }
  }
}
