package io.vigil.core.vex;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every VEX document of the shared data ({@code vex/}, the CycloneDX {@code bom-examples/VEX} set
 * and GUAC's {@code cyclonedx-vex.xml}): each valid one is read with the number of statements its
 * README / content gives and imports into a project; each one under {@code vex/invalid} is rejected
 * with the reason its source names. Skipped loudly without {@code ../shared}.
 */
class VexSharedCorpusTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  /** Statements per valid document (OpenVEX per statement × product, CSAF per product id). */
  private static final Map<String, Integer> STATEMENTS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry(
                  "sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-1/vex-affected.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-1/vex-fixed.json", 1),
              Map.entry(
                  "sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-1/vex-not_affected.json", 1),
              Map.entry(
                  "sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-1/vex-under_investigation.json",
                  1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-2/vex.json", 19),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-3/vex.json", 19),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-4/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-5/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-6/vex.json", 2),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/CISA-Use-Cases/Case-7/vex.json", 4),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-1/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-10/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-12/vex.json", 3),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-13/vex.json", 2),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-2/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-3/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-4/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-5/vex.json", 2),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-6/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-7/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/Use-Cases/Case-8/vex.json", 1),
              Map.entry("sbom/cyclonedx/bom-examples/VEX/vex.json", 1),
              Map.entry("sbom/cyclonedx/guac/cyclonedx-vex.xml", 1),
              Map.entry("vex/csaf/2022-evd-uc-01-a-001.json", 1),
              Map.entry("vex/csaf/2022-evd-uc-01-f-001.json", 1),
              Map.entry("vex/csaf/2022-evd-uc-01-na-001.json", 1),
              Map.entry("vex/csaf/2022-evd-uc-01-ui-001.json", 1),
              Map.entry("vex/csaf/2022-evd-uc-03-ms-001.json", 19),
              Map.entry("vex/csaf/2022-evd-uc-08-001.json", 21),
              Map.entry("vex/csaf/CVE-2024-34500.json", 1),
              Map.entry("vex/csaf/RHBA-2024_1440.json", 28),
              Map.entry("vex/csaf/affected.csaf.json", 1),
              Map.entry("vex/csaf/csaf-relationships.json", 1),
              Map.entry("vex/csaf/csaf-vex.json", 2),
              Map.entry("vex/csaf/csaf_product_no_branch.json", 3),
              Map.entry("vex/csaf/cve-2023-0044.json", 12),
              Map.entry("vex/csaf/cve-2023-1664.json", 19),
              Map.entry("vex/csaf/rhsa-csaf.json", 36),
              Map.entry("vex/csaf/sec-vex-2022-0001.json", 3),
              Map.entry("vex/csaf/so_csaf_2020_0001_0001.json", 13),
              Map.entry("vex/cyclonedx/TemplateVEX.json", 1),
              Map.entry("vex/cyclonedx/cyclonedx-unaffected-vex.json", 1),
              Map.entry("vex/cyclonedx/cyclonedx-vex-affected.json", 1),
              Map.entry("vex/cyclonedx/cyclonedx-vex-false-positive.json", 2),
              Map.entry("vex/cyclonedx/cyclonedx-vex-no-analysis.json", 0),
              Map.entry("vex/cyclonedx/cyclonedx-vex-resolved-with-pedigree.json", 2),
              Map.entry("vex/cyclonedx/cyclonedx.json", 2),
              Map.entry("vex/cyclonedx/cyclonedx_product_branches.json", 3),
              Map.entry("vex/cyclonedx/cyclonedx_product_no_branch.json", 3),
              Map.entry("vex/cyclonedx/cyclonedx_vex_integrated.json", 13),
              Map.entry("vex/cyclonedx/valid-vulnerability-1.4.xml", 1),
              Map.entry("vex/cyclonedx/valid-vulnerability-1.6.json", 1),
              Map.entry("vex/cyclonedx/valid-vulnerability-1.6.xml", 1),
              Map.entry("vex/cyclonedx/vex-issue2549.json", 3),
              Map.entry("vex/openvex/affected.openvex.json", 1),
              Map.entry("vex/openvex/bash-vex.json", 1),
              Map.entry("vex/openvex/comprehensive.json", 1),
              Map.entry("vex/openvex/document1.vex.json", 1),
              Map.entry("vex/openvex/document2.vex.json", 1),
              Map.entry("vex/openvex/grype-openvex.json", 1),
              Map.entry("vex/openvex/images.vex.json", 4),
              Map.entry("vex/openvex/oci-vexctl.openvex.json", 1),
              Map.entry("vex/openvex/oci.openvex.json", 7),
              Map.entry("vex/openvex/open-vex-affected.json", 1),
              Map.entry("vex/openvex/open-vex-not-affected.json", 1),
              Map.entry("vex/openvex/openvex-debian.json", 1),
              Map.entry("vex/openvex/openvex-demo1.json", 1),
              Map.entry("vex/openvex/openvex-image-no-subcomponents.json", 1),
              Map.entry("vex/openvex/openvex-multiple.json", 2),
              Map.entry("vex/openvex/openvex-nested.json", 1),
              Map.entry("vex/openvex/openvex-oci.json", 1),
              Map.entry("vex/openvex/openvex-package-product.json", 1),
              Map.entry("vex/openvex/openvex_product_no_branch.json", 3),
              Map.entry("vex/openvex/rancher-vexhub-hardened-coredns.scan.openvex.json", 2),
              Map.entry("vex/openvex/rancher-vexhub-klipper-helm.scan.openvex.json", 18),
              Map.entry("vex/openvex/sample-2vulns.openvex.json", 2),
              Map.entry("vex/openvex/so_openvex_2020_0001_0001.json", 13),
              Map.entry("vex/openvex/test.vex.json", 2),
              Map.entry("vex/openvex/trivy-openvex.json", 1),
              Map.entry("vex/openvex/trivy.openvex.json", 21),
              Map.entry("vex/openvex/under_investigation.openvex.json", 1),
              Map.entry("vex/openvex/v0.0.1-noversion.json", 1),
              Map.entry("vex/openvex/v0.0.1.json", 1),
              Map.entry("vex/openvex/v0.2.0.json", 5)));

  /** The reason each invalid document must be rejected for. */
  private static final Map<String, String> REJECTED =
      Map.of(
          "vex/invalid/trivy-unknown.json", "not a VEX document",
          "vex/invalid/oasis_csaf_tc-csaf_2_0-2021-6-1-27-07-01.json", "(6.1.27.7)",
          "vex/invalid/oasis_csaf_tc-csaf_2_0-2021-6-1-27-08-01.json", "(6.1.27.8)",
          "vex/invalid/oasis_csaf_tc-csaf_2_0-2021-6-1-27-09-01.json",
              "product 'CSAFPID-9080702' has no impact statement",
          "vex/invalid/oasis_csaf_tc-csaf_2_0-2021-6-1-27-10-01.json",
              "product 'CSAFPID-9080702' has no action statement");

  @Test
  void shouldReadEveryValidDocumentAndRejectEveryInvalidOneWithItsReason() throws Exception {
    Path root = SharedData.require("vex/README.md").getParent().getParent();
    List<String> documents = new ArrayList<>();
    for (Path dir :
        List.of(
            root.resolve("vex"),
            root.resolve("sbom/cyclonedx/bom-examples/VEX"),
            root.resolve("sbom/cyclonedx/guac/cyclonedx-vex.xml"))) {
      try (Stream<Path> files = Files.walk(dir)) {
        files
            .filter(Files::isRegularFile)
            .map(p -> root.relativize(p).toString().replace('\\', '/'))
            .filter(p -> p.endsWith(".json") || p.endsWith(".xml"))
            .filter(p -> !p.contains("/schema/"))
            // the bom-examples SBOMs the VEX documents point at are SBOMs, not VEX
            .filter(p -> !p.matches("sbom/.*/bom(-\\d)?\\.json"))
            .forEach(documents::add);
      }
    }
    Map<String, Integer> read = new TreeMap<>();
    Map<String, List<String>> rejected = new TreeMap<>();
    List<String> withoutDecision = new ArrayList<>();
    List<String> unexplainedSkips = new ArrayList<>();
    for (String d : documents) {
      byte[] bytes = Files.readAllBytes(root.resolve(d));
      try {
        VexDocument doc = VexParser.parse(bytes);
        read.put(d, doc.statements().size());
        VexImport.Result r =
            VexImport.analyses(doc, VexImport.Target.project("acme", null), "test", NOW);
        boolean namesAPurl =
            doc.statements().stream()
                .flatMap(st -> st.products().stream())
                .anyMatch(p -> p.target().purl() != null && p.target().versions().isEmpty());
        if (namesAPurl && r.analyses().isEmpty()) {
          withoutDecision.add(d);
        }
        r.skipped().stream()
            .filter(reason -> !reason.contains("only: Vigil matches components by purl or bom-ref"))
            .filter(reason -> !reason.contains("which Vigil does not evaluate"))
            .map(reason -> d + " " + reason)
            .forEach(unexplainedSkips::add);
      } catch (InvalidVexException e) {
        rejected.put(d, e.problems());
      }
    }

    assertThat(read).isEqualTo(STATEMENTS);
    assertThat(rejected).containsOnlyKeys(REJECTED.keySet());
    REJECTED.forEach(
        (file, reason) ->
            assertThat(rejected.get(file))
                .as(file)
                .anySatisfy(p -> assertThat(p).contains(reason)));
    assertThat(withoutDecision).as("documents naming purls that imported nothing").isEmpty();
    assertThat(unexplainedSkips)
        .as("into a project, only CPE/name-only products and vers ranges are left out")
        .isEmpty();
  }
}
