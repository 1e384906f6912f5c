package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.distro.SourcePackage;
import io.vigil.core.osv.MatchResult.Status;
import io.vigil.core.purl.PackageIdentity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Distro-aware matching on real distro OSV records (bundled in {@code fixtures/distro/osv}, see
 * PROVENANCE.md): an entry applies only within its own release, an unknown release is INDETERMINATE
 * with the reason, Ubuntu Pro entries only where the SBOM says Pro, binary packages are judged by
 * their source package, and every answer names the release it was judged in.
 */
class DistroMatchingTest {

  private static Advisory advisory(String file) throws Exception {
    Path p = Path.of(DistroMatchingTest.class.getResource("/fixtures/distro/osv/" + file).toURI());
    return Advisory.of(OsvReader.read(p).get(0));
  }

  private static MatchResult eval(String purl, Advisory a) {
    PackageIdentity c = PackageIdentity.fromPurl(purl).orElseThrow();
    return Matcher.evaluate(c, a.entriesFor(c.key()));
  }

  @Test
  void shouldMatchARecordWithEntriesForTwoReleasesOnlyThroughTheComponentsOwnRelease()
      throws Exception {
    // DSA-5474-1: intel-microcode fixed in 3.20230808.1~deb11u1 (Debian:11), ~deb12u1 (Debian:12)
    Advisory dsa = advisory("DSA-5474-1.json");

    // fixed on bullseye; the bookworm entry's range (fixed ~deb12u1) would call it affected
    MatchResult fixedOn11 =
        eval("pkg:deb/debian/intel-microcode@3.20230808.1~deb11u1?distro=debian-11", dsa);
    assertThat(fixedOn11.status()).isEqualTo(Status.NOT_AFFECTED);
    assertThat(fixedOn11.release()).isEqualTo("Debian:11");

    MatchResult oldOn12 =
        eval("pkg:deb/debian/intel-microcode@3.20230512.1~deb12u1?distro=debian-12.1", dsa);
    assertThat(oldOn12.status()).isEqualTo(Status.AFFECTED);
    assertThat(oldOn12.release()).isEqualTo("Debian:12");
    assertThat(oldOn12.reason()).startsWith("Debian:12: ");
    assertThat(oldOn12.fixedVersions()).containsExactly("3.20230808.1~deb12u1");

    MatchResult oldOn11 =
        eval("pkg:deb/debian/intel-microcode@3.20230512.1~deb11u1?distro=bullseye", dsa);
    assertThat(oldOn11.status()).isEqualTo(Status.AFFECTED);
    assertThat(oldOn11.release()).isEqualTo("Debian:11");
    assertThat(oldOn11.fixedVersions()).containsExactly("3.20230808.1~deb11u1");
  }

  @Test
  void shouldJudgeAnAlpinePackageOnlyByTheEntryOfItsOwnReleaseAmongNine() throws Exception {
    // ALPINE-CVE-2025-26519: musl, one entry per release v3.16 … v3.24, each with its own fix
    Advisory musl = advisory("ALPINE-CVE-2025-26519.json");
    // 1.2.3-r5 is fixed on 3.16 (1.2.3-r4) but not on 3.17 (1.2.3-r6)
    MatchResult on316 = eval("pkg:apk/alpine/musl@1.2.3-r5?distro=alpine-3.16.9", musl);
    assertThat(on316.status()).isEqualTo(Status.NOT_AFFECTED);
    assertThat(on316.release()).isEqualTo("Alpine:v3.16");
    MatchResult on317 = eval("pkg:apk/alpine/musl@1.2.3-r5?distro=3.17.2", musl);
    assertThat(on317.status()).isEqualTo(Status.AFFECTED);
    assertThat(on317.release()).isEqualTo("Alpine:v3.17");
    assertThat(on317.fixedVersions()).containsExactly("1.2.3-r6");
  }

  @Test
  void shouldLeaveAPackageOfUnknownReleaseIndeterminateEvenWhenAVersionsListNamesIt()
      throws Exception {
    // DLA-3008-1 (Debian:9 openssl) lists 1.1.0l-1~deb9u5 in its versions
    Advisory dla = advisory("DLA-3008-1.json");
    assertThat(dla.entriesFor(dla.packages().iterator().next()).get(0).versions())
        .contains("1.1.0l-1~deb9u5");

    MatchResult noDistro = eval("pkg:deb/debian/openssl@1.1.0l-1~deb9u5", dla);
    assertThat(noDistro.status()).isEqualTo(Status.INDETERMINATE);
    assertThat(noDistro.reason())
        .contains("no distro qualifier")
        .contains("Debian:9")
        .contains("only for that release");

    MatchResult unreadable = eval("pkg:deb/debian/openssl@1.1.0l-1~deb9u5?distro=sid", dla);
    assertThat(unreadable.status()).isEqualTo(Status.INDETERMINATE);
    assertThat(unreadable.reason()).contains("distro=sid names no Debian release");

    assertThat(eval("pkg:deb/debian/openssl@1.1.0l-1~deb9u5?distro=debian-9", dla).status())
        .isEqualTo(Status.AFFECTED);
  }

  @Test
  void shouldApplyUbuntuProEntriesOnlyWhereTheSbomSaysPro() throws Exception {
    // UBUNTU-CVE-2025-6297 (dpkg): no fix yet in Ubuntu:Pro:20.04:LTS, and no entry for the main
    // 20.04 archive at all
    Advisory usn = advisory("UBUNTU-CVE-2025-6297.json");
    MatchResult main = eval("pkg:deb/ubuntu/dpkg@1.19.7ubuntu3.2?distro=ubuntu-20.04", usn);
    assertThat(main.status()).isEqualTo(Status.NOT_AFFECTED);
    assertThat(main.reason()).contains("Ubuntu:Pro:20.04:LTS").contains("does not say");

    MatchResult pro = eval("pkg:deb/ubuntu/dpkg@1.19.7ubuntu3.2?distro=ubuntu-20.04-pro", usn);
    assertThat(pro.status()).isEqualTo(Status.AFFECTED);
    assertThat(pro.release()).isEqualTo("Ubuntu:Pro:20.04:LTS");

    MatchResult esmBuild =
        eval("pkg:deb/ubuntu/dpkg@1.19.7ubuntu3.2+esm1?distro=ubuntu-20.04", usn);
    assertThat(esmBuild.status()).isEqualTo(Status.AFFECTED);
    assertThat(esmBuild.release()).isEqualTo("Ubuntu:Pro:20.04:LTS");

    MatchResult jammy = eval("pkg:deb/ubuntu/dpkg@1.21.1ubuntu2.3?distro=ubuntu-22.04", usn);
    assertThat(jammy.status()).isEqualTo(Status.AFFECTED);
    assertThat(jammy.release()).isEqualTo("Ubuntu:22.04:LTS");
  }

  @Test
  void shouldJudgeABinaryPackageByItsSourcePackageAndSayWhich() throws Exception {
    Advisory dla = advisory("DLA-3008-1.json");
    MatchResult r =
        eval("pkg:deb/debian/libssl1.1@1.1.0l-1~deb9u5?upstream=openssl&distro=debian-9", dla);
    assertThat(r.status()).isEqualTo(Status.AFFECTED);
    assertThat(r.reason())
        .startsWith("Debian:9: ")
        .contains("source package openssl 1.1.0l-1~deb9u5 (binary libssl1.1)");
  }

  @Test
  void shouldEvaluateTheSourceVersionWhenTheBinaryVersionDiffers() throws Exception {
    // a binary with its own epoch (libgcc1 1:8.3.0-6 from gcc-8 8.3.0-6): by the binary version
    // the epoch would put it above every fix of gcc-8
    String record =
        "{\"id\":\"DLA-TEST-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
            + "{\"ecosystem\":\"Debian:10\",\"name\":\"gcc-8\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
            + "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"8.3.0-7\"}]}]}]}";
    Advisory a =
        Advisory.of(
            OsvReader.toRecord(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(record), "test"));
    assertThat(
            eval("pkg:deb/debian/libgcc1@1:8.3.0-6?upstream=gcc-8@8.3.0-6&distro=debian-10", a)
                .status())
        .isEqualTo(Status.AFFECTED);
    PackageIdentity stated =
        PackageIdentity.fromComponent(
                "pkg:deb/debian/libgcc1@1:8.3.0-6?distro=debian-10",
                null,
                new SourcePackage("gcc-8", "8.3.0-6"))
            .orElseThrow();
    assertThat(stated.key().name()).isEqualTo("gcc-8");
    assertThat(stated.version()).isEqualTo("8.3.0-6");
    assertThat(Matcher.evaluate(stated, a.entriesFor(stated.key())).isAffected()).isTrue();
    assertThat(Matcher.smallestFixingUpgrade(stated, List.of(a.entriesFor(stated.key()))))
        .contains("8.3.0-7");
  }

  @Test
  void shouldFoldTrivysEpochQualifierIntoADebVersion() {
    PackageIdentity c =
        PackageIdentity.fromPurl("pkg:deb/debian/login@4.13-3?epoch=1&distro=debian-12.1")
            .orElseThrow();
    assertThat(c.version()).isEqualTo("1:4.13-3");
  }

  @Test
  void shouldMatchRpmDistrosByBinaryPackageWithinTheirRelease() throws Exception {
    // ALSA-2022:8221 lists binary RPMs (xorg-x11-server-Xorg...) for AlmaLinux:9
    Advisory alsa = advisory("ALSA-2022_8221.json");
    String xorg =
        "pkg:rpm/almalinux/xorg-x11-server-Xorg@1.20.11-10.el9?arch=x86_64"
            + "&upstream=xorg-x11-server-1.20.11-10.el9.src.rpm&distro=almalinux-9.1";
    MatchResult r = eval(xorg, alsa);
    assertThat(r.status()).isEqualTo(Status.AFFECTED);
    assertThat(r.release()).isEqualTo("AlmaLinux:9");
    assertThat(eval(xorg.replace("almalinux-9.1", "almalinux-8.7"), alsa).status())
        .isEqualTo(Status.NOT_AFFECTED);
    // RHSA-2018:3140 (Red Hat:enterprise_linux:7::client), with trivy's epoch qualifier
    Advisory rhsa = advisory("RHSA-2018_3140.json");
    assertThat(
            eval("pkg:rpm/redhat/PackageKit@1.1.5-2.el7?epoch=0&distro=rhel-7.9", rhsa).release())
        .isEqualTo("Red Hat:enterprise_linux:7::client");
    assertThat(eval("pkg:rpm/redhat/PackageKit@1.1.5-2.el7?distro=rhel-7.9", rhsa).status())
        .isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:rpm/redhat/PackageKit@1.1.10-1.el7?distro=el7", rhsa).status())
        .isEqualTo(Status.NOT_AFFECTED);
  }
}
