package io.vigil.core.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The source package of a binary package, from every place generators write it. */
class SourcePackageTest {

  @Test
  void shouldReadTheUpstreamQualifierWithAndWithoutVersion() {
    assertThat(SourcePackage.fromUpstream("openssl")).isEqualTo(new SourcePackage("openssl", null));
    assertThat(SourcePackage.fromUpstream("acl@2.2.52-3"))
        .isEqualTo(new SourcePackage("acl", "2.2.52-3"));
    assertThat(SourcePackage.fromUpstream("attr@1:2.4.47-2"))
        .isEqualTo(new SourcePackage("attr", "1:2.4.47-2"));
    assertThat(SourcePackage.fromUpstream("gcc-6 (6.3.0-18+deb9u1)"))
        .isEqualTo(new SourcePackage("gcc-6", "6.3.0-18+deb9u1"));
    assertThat(SourcePackage.fromUpstream("openssl-1.1.1k-6.el8.src.rpm"))
        .isEqualTo(new SourcePackage("openssl", "1.1.1k-6.el8"));
    assertThat(SourcePackage.fromUpstream(" ")).isNull();
  }

  @Test
  void shouldReadSyftPropertiesForDebApkAndRpm() {
    assertThat(
            SourcePackage.fromProperties(
                Map.of(
                    "syft:metadata:source",
                    "util-linux",
                    "syft:metadata:sourceVersion",
                    "2.29.2-1+deb9u1")))
        .isEqualTo(new SourcePackage("util-linux", "2.29.2-1+deb9u1"));
    assertThat(SourcePackage.fromProperties(Map.of("syft:metadata:originPackage", "busybox")))
        .isEqualTo(new SourcePackage("busybox", null));
    assertThat(
            SourcePackage.fromProperties(
                Map.of("syft:metadata:sourceRpm", "glibc-2.34-125.el9_5.8.src.rpm")))
        .isEqualTo(new SourcePackage("glibc", "2.34-125.el9_5.8"));
  }

  @Test
  void shouldJoinTrivysSourceVersionReleaseAndEpoch() {
    assertThat(
            SourcePackage.fromProperties(
                Map.of(
                    "aquasecurity:trivy:SrcName", "openssl",
                    "aquasecurity:trivy:SrcVersion", "3.0.9",
                    "aquasecurity:trivy:SrcRelease", "1+deb12u1",
                    "aquasecurity:trivy:SrcEpoch", "0")))
        .isEqualTo(new SourcePackage("openssl", "3.0.9-1+deb12u1"));
    assertThat(
            SourcePackage.fromProperties(
                Map.of(
                    "aquasecurity:trivy:SrcName", "shadow",
                    "aquasecurity:trivy:SrcVersion", "4.13",
                    "aquasecurity:trivy:SrcRelease", "3",
                    "aquasecurity:trivy:SrcEpoch", "1")))
        .isEqualTo(new SourcePackage("shadow", "1:4.13-3"));
    assertThat(
            SourcePackage.fromProperties(
                Map.of(
                    "aquasecurity:trivy:SrcName", "busybox",
                    "aquasecurity:trivy:SrcVersion", "1.36.1-r5")))
        .isEqualTo(new SourcePackage("busybox", "1.36.1-r5"));
  }

  @Test
  void shouldReadTrivysSpdxSourceInfoAndIgnoreSyfts() {
    assertThat(SourcePackage.fromSpdxSourceInfo("built package from: openssl 3.0.9-1+deb12u1"))
        .isEqualTo(new SourcePackage("openssl", "3.0.9-1+deb12u1"));
    assertThat(
            SourcePackage.fromSpdxSourceInfo(
                "acquired package info from APK DB: /lib/apk/db/installed"))
        .isNull();
    assertThat(SourcePackage.fromSpdxSourceInfo(null)).isNull();
  }
}
