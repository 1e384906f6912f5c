package io.vigil.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.distro.SourcePackage;
import io.vigil.core.purl.PackageIdentity;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The source package a document states outside the purl reaches the component in every format:
 * CycloneDX JSON and XML properties (trivy, syft), SPDX JSON and tag-value {@code sourceInfo}.
 */
class SbomSourcePackageTest {

  private static SbomComponent only(String doc) throws Exception {
    return SbomParser.parse(doc.getBytes(StandardCharsets.UTF_8)).components().get(0);
  }

  @Test
  void shouldReadTrivysSourcePropertiesFromCycloneDxJson() throws Exception {
    SbomComponent c =
        only(
            """
            {"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library",
             "name":"libssl3","version":"3.0.9-1",
             "purl":"pkg:deb/debian/libssl3@3.0.9-1?arch=amd64&distro=debian-12.1",
             "properties":[
              {"name":"aquasecurity:trivy:PkgType","value":"debian"},
              {"name":"aquasecurity:trivy:SrcName","value":"openssl"},
              {"name":"aquasecurity:trivy:SrcVersion","value":"3.0.9"},
              {"name":"aquasecurity:trivy:SrcRelease","value":"1"}]}]}
            """);
    assertThat(c.source()).isEqualTo(new SourcePackage("openssl", "3.0.9-1"));
    PackageIdentity id =
        PackageIdentity.fromComponent(c.purl(), c.version(), c.source()).orElseThrow();
    assertThat(id.key().toString()).isEqualTo("Debian/openssl");
    assertThat(id.ecosystem().toString()).isEqualTo("Debian:12");
  }

  @Test
  void shouldReadSyftsSourcePropertiesFromCycloneDxXml() throws Exception {
    SbomComponent c =
        only(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">
              <components>
                <component type="library">
                  <name>libcap-ng0</name>
                  <version>0.7.7-3+b1</version>
                  <purl>pkg:deb/debian/libcap-ng0@0.7.7-3+b1?arch=amd64&amp;distro=debian-9</purl>
                  <properties>
                    <property name="syft:package:type">deb</property>
                    <property name="syft:metadata:source">libcap-ng</property>
                    <property name="syft:metadata:sourceVersion">0.7.7-3</property>
                  </properties>
                </component>
              </components>
            </bom>
            """);
    assertThat(c.source()).isEqualTo(new SourcePackage("libcap-ng", "0.7.7-3"));
    PackageIdentity id =
        PackageIdentity.fromComponent(c.purl(), c.version(), c.source()).orElseThrow();
    assertThat(id.key().toString()).isEqualTo("Debian/libcap-ng");
    assertThat(id.version()).isEqualTo("0.7.7-3");
  }

  @Test
  void shouldReadTrivysSourceInfoFromSpdxJsonAndTagValue() throws Exception {
    SbomComponent json =
        only(
            """
            {"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[{
              "SPDXID":"SPDXRef-Package-1","name":"libssl3","versionInfo":"3.0.9-1",
              "sourceInfo":"built package from: openssl 3.0.9-1",
              "externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl",
                "referenceLocator":"pkg:deb/debian/libssl3@3.0.9-1?distro=debian-12.1"}]}]}
            """);
    assertThat(json.source()).isEqualTo(new SourcePackage("openssl", "3.0.9-1"));
    SbomComponent tagValue =
        only(
            """
            SPDXVersion: SPDX-2.3
            DataLicense: CC0-1.0
            SPDXID: SPDXRef-DOCUMENT
            PackageName: libssl3
            SPDXID: SPDXRef-Package-1
            PackageVersion: 3.0.9-1
            PackageSourceInfo: built package from: openssl 3.0.9-1
            ExternalRef: PACKAGE-MANAGER purl pkg:deb/debian/libssl3@3.0.9-1?distro=debian-12.1
            """);
    assertThat(tagValue.source()).isEqualTo(new SourcePackage("openssl", "3.0.9-1"));
  }

  @Test
  void shouldStateNoSourceWhenTheDocumentGivesNone() throws Exception {
    SbomComponent c =
        only(
            """
            {"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library",
             "name":"zlib","version":"1.3","purl":"pkg:apk/alpine/zlib@1.3-r0?distro=3.18.4",
             "properties":[{"name":"syft:package:type","value":"apk"}]}]}
            """);
    assertThat(c.source()).isNull();
  }
}
