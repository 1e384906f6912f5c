package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomParser;
import io.vigil.events.v1.Component;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Distro packages in component events: the engine's identity (release, source package) on the
 * event, from the purl or the SBOM's properties, so the correlator keys a binary by its source
 * package; and upgrades still pair binary with binary.
 */
class DistroComponentEventsTest {

  private static List<ComponentEvents.Item> items(String components) throws Exception {
    String doc =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[" + components + "]}";
    return ComponentEvents.items(SbomParser.parse(doc.getBytes(StandardCharsets.UTF_8)));
  }

  private static String deb(String name, String version, String qualifiers, String properties) {
    return "{\"type\":\"library\",\"name\":\""
        + name
        + "\",\"version\":\""
        + version
        + "\",\"purl\":\"pkg:deb/debian/"
        + name
        + "@"
        + version
        + "?"
        + qualifiers
        + "\",\"properties\":["
        + properties
        + "]}";
  }

  @Test
  void shouldRecordTheSourcePackageAndReleaseFromThePurlOrTheSbomsProperties() throws Exception {
    List<ComponentEvents.Item> items =
        items(
            deb("libssl1.1", "1.1.1n-0+deb11u3", "upstream=openssl&distro=debian-11.6", "")
                + ","
                + deb(
                    "libssl3",
                    "3.0.9-1",
                    "distro=debian-12.1",
                    "{\"name\":\"aquasecurity:trivy:SrcName\",\"value\":\"openssl\"},"
                        + "{\"name\":\"aquasecurity:trivy:SrcVersion\",\"value\":\"3.0.9\"},"
                        + "{\"name\":\"aquasecurity:trivy:SrcRelease\",\"value\":\"1\"}")
                + ","
                + deb("openssl", "3.0.9-1", "distro=debian-12.1", ""));
    Component bullseye = items.get(0).component();
    assertThat(bullseye.getPackageKey()).isEqualTo("Debian/openssl");
    assertThat(bullseye.getEcosystem()).isEqualTo("Debian:11");
    assertThat(bullseye.getSourcePackage()).isEqualTo("openssl");
    assertThat(bullseye.getSourceVersion()).isNull();
    Component trivy = items.get(1).component();
    assertThat(trivy.getPackageKey()).isEqualTo("Debian/openssl");
    assertThat(trivy.getSourcePackage()).isEqualTo("openssl");
    assertThat(trivy.getSourceVersion()).isEqualTo("3.0.9-1");
    Component ownSource = items.get(2).component();
    assertThat(ownSource.getPackageKey()).isEqualTo("Debian/openssl");
    assertThat(ownSource.getSourcePackage()).as("its own source").isNull();
  }

  @Test
  void shouldPairAnUpgradedBinaryWithItselfNotWithAnotherBinaryOfItsSource() throws Exception {
    // libgcc1 carries an epoch its source gcc-8 does not have: pairing it with cpp-8's removal
    // would record a wrong "replaces"
    List<ComponentEvents.Item> before =
        items(
            deb("cpp-8", "8.3.0-6", "upstream=gcc-8&distro=debian-10", "")
                + ","
                + deb("libgcc1", "1:8.3.0-6", "upstream=gcc-8%408.3.0-6&distro=debian-10", ""));
    List<ComponentEvents.Item> after =
        items(
            deb("libgcc1", "1:8.3.0-7", "upstream=gcc-8%408.3.0-7&distro=debian-10", "")
                + ","
                + deb("cpp-8", "8.3.0-7", "upstream=gcc-8&distro=debian-10", ""));
    Map<String, Component> inventory = new LinkedHashMap<>();
    before.forEach(i -> inventory.put(i.identity(), i.component()));

    InventoryDiff.Diff diff = InventoryDiff.diff(inventory, after);

    assertThat(diff.added())
        .extracting(a -> a.item().component().getName() + " replaces " + a.replaces())
        .containsExactly("libgcc1 replaces 1:8.3.0-6", "cpp-8 replaces 8.3.0-6");
    assertThat(diff.added())
        .allSatisfy(
            a -> assertThat(a.item().component().getPackageKey()).isEqualTo("Debian/gcc-8"));
  }
}
