package io.vigil.core.distro;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.purl.Ecosystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The release of a distro package, read from a purl and from an OSV ecosystem alike. */
class DistroReleaseTest {

  @ParameterizedTest(name = "{0} distro={1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // Debian: syft (ID-VERSION_ID, with a point release), codenames, bare numbers
        "Debian | debian-11 | 11 | -",
        "Debian | debian-11.6 | 11 | -",
        "Debian | debian-12.1 | 12 | -",
        "Debian | bullseye | 11 | -",
        "Debian | debian-bullseye | 11 | -",
        "Debian | 9 | 9 | -",
        "Debian | DEBIAN-9 | 9 | -",
        // Ubuntu: syft, codenames, the Pro variants a distro qualifier can state
        "Ubuntu | ubuntu-22.04 | 22.04 | -",
        "Ubuntu | jammy | 22.04 | -",
        "Ubuntu | ubuntu-jammy | 22.04 | -",
        "Ubuntu | ubuntu-20.04-pro | 20.04 | Pro",
        "Ubuntu | ubuntu-pro-18.04 | 18.04 | Pro",
        "Ubuntu | ubuntu-18.04-esm | 18.04 | Pro",
        "Ubuntu | ubuntu-20.04-fips | 20.04 | Pro:FIPS",
        "Ubuntu | ubuntu-22.04-pro-fips-updates | 22.04 | Pro:FIPS-updates",
        "Ubuntu | ubuntu-22.04-fips-preview | 22.04 | Pro:FIPS-preview",
        // Alpine: syft (with the patch release), trivy's bare VERSION_ID, v-prefixed, edge
        "Alpine | alpine-3.16 | v3.16 | -",
        "Alpine | alpine-3.17.2 | v3.17 | -",
        "Alpine | 3.16.2 | v3.16 | -",
        "Alpine | v3.18 | v3.18 | -",
        "Alpine | alpine-edge | edge | -",
        // RPM distributions: syft, trivy, the el tag
        "AlmaLinux | almalinux-9 | 9 | -",
        "AlmaLinux | almalinux-9.2 | 9 | -",
        "AlmaLinux | el9 | 9 | -",
        "Red Hat | rhel-8.7 | 8 | -",
        "Red Hat | redhat-8.7 | 8 | -",
        "Red Hat | el8 | 8 | -",
        "Rocky Linux | rocky-9.1 | 9 | -",
        "SUSE | sles-15.5 | 15.5 | -",
        "SUSE | sles-15-sp5 | 15.5 | -",
        "SUSE | sles-15 | 15 | -",
        "SUSE | sle-micro-5.3 | 5.3 | Linux Enterprise Micro",
        "openSUSE | opensuse-leap-15.5 | leap-15.5 | -",
        "openSUSE | opensuse-tumbleweed-20240101 | tumbleweed | -",
        "Mageia | mageia-9 | 9 | -",
      })
  void shouldReadTheReleaseFromEveryFormOfTheDistroQualifier(
      String base, String distro, String release, String variant) {
    DistroRelease r = DistroRelease.fromPurl(base, distro, null);
    assertThat(r.release()).isEqualTo(release);
    assertThat(r.variant()).isEqualTo(variant);
    assertThat(r.problem()).isNull();
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "Debian:11 | 11 | -",
        "Debian:3.1 | 3 | -",
        "Ubuntu:22.04:LTS | 22.04 | -",
        "Ubuntu:24.10 | 24.10 | -",
        "Ubuntu:Pro:18.04:LTS | 18.04 | Pro",
        "Ubuntu:Pro:FIPS-updates:22.04:LTS | 22.04 | Pro:FIPS-updates",
        "Ubuntu:Pro:FIPS:16.04:LTS | 16.04 | Pro:FIPS",
        "Ubuntu:Pro:22.04:LTS:Realtime:Kernel | 22.04 | Pro:Realtime:Kernel",
        "Ubuntu:22.04:LTS:for:NVIDIA:BlueField | 22.04 | for:NVIDIA:BlueField",
        "Alpine:v3.16 | v3.16 | -",
        "AlmaLinux:9 | 9 | -",
        "Rocky Linux:8 | 8 | -",
        "Red Hat:enterprise_linux:7::client | 7 | -",
        "Red Hat:enterprise_linux:8::appstream | 8 | -",
        "Red Hat:rhel_eus:8.6::baseos | 8 | rhel_eus:8.6",
        "SUSE:Linux Enterprise Server 15 SP5 | 15.5 | -",
        "SUSE:Linux Enterprise Module for Basesystem 15 SP5 | 15.5 | -",
        "SUSE:Linux Enterprise Server 15 | 15 | -",
        "SUSE:Linux Enterprise Server LTSS 15 SP3 | 15.3 | Linux Enterprise Server LTSS",
        "SUSE:Linux Enterprise Micro 5.3 | 5.3 | Linux Enterprise Micro",
        "openSUSE:Leap 15.5 | leap-15.5 | -",
        "openSUSE:Tumbleweed | tumbleweed | -",
        "Mageia:9 | 9 | -",
      })
  void shouldReadTheReleaseAndVariantOfAnOsvEcosystem(String osv, String release, String variant) {
    Ecosystem e = Ecosystem.parseOsv(osv);
    assertThat(e.release()).isEqualTo(release);
    assertThat(e.variant()).isEqualTo(variant);
    assertThat(Ecosystem.parseOsv(e.toString())).as("toString reads back").isEqualTo(e);
  }

  @ParameterizedTest(name = "{0} distro={1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "Debian | - | no distro qualifier",
        "Debian | debian | names no Debian release",
        "Debian | ubuntu-22.04 | names no Debian release",
        "Debian | sid | names no Debian release",
        "Ubuntu | ubuntu | names no Ubuntu release",
        "Alpine | alpine | names no Alpine release",
        "Red Hat | rhel | names no Red Hat release",
        "openEuler | openEuler-22.03 | no mapping",
      })
  void shouldSayWhyTheReleaseIsUnknown(String base, String distro, String problem) {
    DistroRelease r = DistroRelease.fromPurl(base, distro, null);
    assertThat(r.release()).isNull();
    assertThat(r.problem()).contains(problem);
  }

  @Test
  void shouldHaveNoReleaseForEcosystemsThatOsvDoesNotScopeByRelease() {
    assertThat(DistroRelease.fromPurl("Wolfi", null, "1.0-r0")).isEqualTo(DistroRelease.NONE);
    assertThat(DistroRelease.fromPurl("Maven", "debian-11", "1.0")).isEqualTo(DistroRelease.NONE);
  }

  @Test
  void shouldTakeAnEsmBuildOfAnUbuntuPackageAsComingFromUbuntuPro() {
    assertThat(DistroRelease.fromPurl("Ubuntu", "ubuntu-18.04", "1.19.0.5ubuntu2.4+esm1").variant())
        .isEqualTo("Pro");
    assertThat(DistroRelease.fromPurl("Ubuntu", "ubuntu-18.04", "1.19.0.5ubuntu2.4").variant())
        .isNull();
  }

  @Test
  void shouldAdmitAnEntryOfAVariantOnlyForComponentsOfThatVariant() {
    DistroRelease main = new DistroRelease("20.04", null, null);
    DistroRelease pro = new DistroRelease("20.04", "Pro", null);
    DistroRelease fipsUpdates = new DistroRelease("20.04", "Pro:FIPS-updates", null);
    DistroRelease proEntry = pro;
    DistroRelease fipsEntry = new DistroRelease("20.04", "Pro:FIPS", null);
    DistroRelease mainEntry = main;

    assertThat(main.admits(mainEntry)).isTrue();
    assertThat(main.admits(proEntry)).isFalse();
    assertThat(pro.admits(mainEntry)).as("a Pro machine still runs the main archive").isTrue();
    assertThat(pro.admits(proEntry)).isTrue();
    assertThat(fipsUpdates.admits(proEntry)).as("FIPS-updates machines are Pro machines").isTrue();
    assertThat(fipsUpdates.admits(fipsEntry)).as("FIPS is not FIPS-updates").isFalse();
    assertThat(main.admits(new DistroRelease("22.04", null, null))).isFalse();
  }
}
