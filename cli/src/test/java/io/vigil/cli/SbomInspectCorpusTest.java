package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.testkit.SharedData;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * {@code vigil sbom inspect} on every file of the shared CycloneDX and SPDX corpus lists exactly
 * the distinct purls an independent reading finds: a generic walk of the whole JSON tree, a DOM and
 * element search for XML, a regular expression over tag-value lines, none of which shares code with
 * the parsers. What the reading leaves out is the CycloneDX definition of "not a component of the
 * project": the purl of {@code metadata.component} (the project itself), and components under
 * {@code pedigree} (what a component was derived from) or {@code metadata.tools} (what made the
 * SBOM). Files rejected in strict mode are inspected with {@code --lenient} (their violations are
 * tabled in ingest-sbom's SbomCorpusTest).
 */
class SbomInspectCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TAG_VALUE_PURL =
      Pattern.compile("^ExternalRef:\\s*\\S+\\s+\\S*purl\\s+(\\S+)\\s*$", Pattern.MULTILINE);
  private static Path root;

  @BeforeAll
  static void sharedData() {
    // skipped loudly without the corpus; with VIGIL_REQUIRE_SHARED_DATA=true (CI) it fails
    root = SharedData.require("sbom", "SbomInspectCorpusTest");
  }

  @Test
  void shouldListExactlyTheDistinctPurlsOfAnIndependentReadingWhenInspectingEveryCorpusFile()
      throws Exception {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("cyclonedx", "spdx")) {
      try (Stream<Path> s = Files.walk(root.resolve(dir))) {
        s.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    List<String> mismatches = new ArrayList<>();
    List<String> strictRejected = new ArrayList<>();
    int purls = 0;
    for (Path file : files) {
      Run run = inspect(file, false);
      if (run.exit() != 0) {
        strictRejected.add(root.relativize(file).toString());
        run = inspect(file, true);
      }
      if (run.exit() != 0) {
        mismatches.add(file + ": exit " + run.exit() + ": " + run.err());
        continue;
      }
      List<String> listed = new ArrayList<>();
      for (String line : run.out().split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        assertThat(iterable(n.fieldNames()))
            .containsExactly("purl", "name", "version", "type", "scope", "direct");
        if (!n.path("purl").isNull()) {
          listed.add(n.path("purl").asText());
        }
      }
      Set<String> expected = independentReading(file);
      if (!new TreeSet<>(listed).equals(expected) || listed.size() != expected.size()) {
        mismatches.add(file + ": inspect " + new TreeSet<>(listed) + " vs reading " + expected);
      }
      purls += expected.size();
    }

    assertThat(files).hasSizeGreaterThan(380);
    assertThat(mismatches).isEmpty();
    assertThat(strictRejected).as("files rejected in strict mode").hasSize(13);
    assertThat(purls).isGreaterThan(5000);
  }

  private record Run(int exit, String out, String err) {}

  private static Run inspect(Path file, boolean lenient) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit =
        lenient
            ? cl.execute("sbom", "inspect", "--lenient", file.toString())
            : cl.execute("sbom", "inspect", file.toString());
    return new Run(exit, out.toString(), err.toString());
  }

  /** The distinct purls of a document, read without Vigil's parser. */
  static Set<String> independentReading(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
    String head = text.stripLeading();
    Set<String> out = new TreeSet<>();
    if (head.startsWith("{")) {
      JsonNode root = JSON.readTree(text);
      if (root.has("spdxVersion")) {
        for (JsonNode p : root.path("packages")) {
          for (JsonNode r : p.path("externalRefs")) {
            if (r.path("referenceType").asText().toLowerCase().endsWith("purl")) {
              out.add(r.path("referenceLocator").asText());
            }
          }
        }
      } else {
        walk(root, "$", out);
      }
    } else if (head.startsWith("<")) {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var doc =
          f.newDocumentBuilder()
              .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      NodeList purls = doc.getElementsByTagNameNS("*", "purl");
      for (int i = 0; i < purls.getLength(); i++) {
        Element purl = (Element) purls.item(i);
        if (!excludedXml(purl)) {
          out.add(purl.getTextContent().strip());
        }
      }
    } else {
      Matcher m = TAG_VALUE_PURL.matcher(text);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static void walk(JsonNode n, String path, Set<String> out) {
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        String p = path + "." + e.getKey();
        if (e.getKey().equals("pedigree") || p.equals("$.metadata.tools")) {
          continue;
        }
        if (e.getKey().equals("purl") && e.getValue().isTextual()) {
          if (!path.equals("$.metadata.component") && !e.getValue().asText().isBlank()) {
            out.add(e.getValue().asText());
          }
        } else {
          walk(e.getValue(), p, out);
        }
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) {
        walk(c, path + "[]", out);
      }
    }
  }

  private static boolean excludedXml(Element purl) {
    Node component = purl.getParentNode();
    Node parent = component == null ? null : component.getParentNode();
    if (parent != null && "metadata".equals(parent.getLocalName())) {
      return true; // metadata/component/purl: the project itself
    }
    for (Node a = component; a != null; a = a.getParentNode()) {
      if ("pedigree".equals(a.getLocalName()) || "tools".equals(a.getLocalName())) {
        return true;
      }
    }
    return purl.getTextContent().isBlank();
  }

  private static List<String> iterable(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
