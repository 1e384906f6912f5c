package io.vigil.core.purl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** purl → OSV ecosystem, name and key; OSV package → the same key. */
class PackageIdentityTest {

  private static PackageIdentity id(String purl) {
    return PackageIdentity.fromPurl(purl).orElseThrow();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 | Maven/org.apache.logging.log4j:log4j-core | Maven | org.apache.logging.log4j:log4j-core",
        "pkg:npm/%40angular/core@12.0.0 | npm/@angular/core | npm | @angular/core",
        "pkg:pypi/Django_Allauth@0.1 | PyPI/django-allauth | PyPI | django.allauth",
        "pkg:golang/github.com/jackc/pgx@v5.6.0#v5 | Go/github.com/jackc/pgx/v5 | Go | github.com/jackc/pgx/v5",
        "pkg:golang/stdlib@go1.21.3 | Go/stdlib | Go | stdlib",
        "pkg:cargo/rand@0.7.2 | crates.io/rand | crates.io | rand",
        "pkg:gem/rails@7.0.0?platform=java | RubyGems/rails | RubyGems | rails",
        "pkg:nuget/Newtonsoft.Json@13.0.1 | NuGet/newtonsoft.json | NuGet | Newtonsoft.JSON",
        "pkg:composer/Drupal/Core@10.0.0 | Packagist/drupal/core | Packagist:https://packages.drupal.org/8 | drupal/core",
        "pkg:pub/HTTP@0.13.3 | Pub/http | Pub | http",
        "pkg:hex/Plug@1.0.0 | Hex/plug | Hex | plug",
        "pkg:hackage/aeson@2.0.0.0 | Hackage/aeson | Hackage | aeson",
        "pkg:cran/A3@1.0.0 | CRAN/A3 | CRAN | A3",
        "pkg:swift/github.com/Alamofire/Alamofire@5.4.3 | SwiftURL/github.com/alamofire/alamofire | SwiftURL | https://github.com/Alamofire/Alamofire.git",
        "pkg:github/Actions/Checkout@v4 | GitHub Actions/actions/checkout | GitHub Actions | actions/checkout",
        "pkg:deb/debian/openssl@3.0.9-1?distro=bookworm | Debian/openssl | Debian:12 | openssl",
        "pkg:apk/alpine/busybox@1.36.1-r5?distro=alpine-3.18.4 | Alpine/busybox | Alpine:v3.18 | busybox",
        "pkg:rpm/redhat/openssl@1.1.1k-6.el8?epoch=1&distro=rhel-8.6 | Red Hat/openssl | Red Hat:enterprise_linux:8::appstream | openssl",
      })
  void shouldDeriveTheSameKeyFromThePurlAndFromTheOsvPackage(
      String purl, String key, String osvEcosystem, String osvName) {
    PackageIdentity p = id(purl);
    assertThat(p.key().toString()).isEqualTo(key);
    assertThat(PackageKey.of(osvEcosystem, osvName)).isEqualTo(p.key());
    assertThat(Ecosystem.parseOsv(osvEcosystem).matches(p.ecosystem())).isTrue();
  }

  @Test
  void shouldParseTheKeyBackFromItsString() {
    PackageKey k = id("pkg:npm/%40angular/core@12.0.0").key();
    assertThat(PackageKey.parse(k.toString())).isEqualTo(k);
  }

  @Test
  void shouldFoldTheRpmEpochQualifierIntoTheVersion() {
    assertThat(id("pkg:rpm/redhat/openssl@1.1.1k-6.el8?epoch=1").version())
        .isEqualTo("1:1.1.1k-6.el8");
    assertThat(id("pkg:rpm/redhat/openssl@1.1.1k-6.el8").version()).isEqualTo("1.1.1k-6.el8");
  }

  @Test
  void shouldNameDebAndApkPackagesBySourcePackageAndRpmPackagesByBinaryPackage() {
    assertThat(id("pkg:deb/debian/libssl3@3.0.9-1?upstream=openssl").key().name())
        .isEqualTo("openssl");
    // Red Hat, AlmaLinux, Rocky and SUSE list binary RPMs in their OSV entries (RHSA-2018:3140
    // lists PackageKit-glib, ALSA-2022:8221 xorg-x11-server-Xorg): the source RPM is only shown
    PackageIdentity rpm =
        id("pkg:rpm/redhat/openssl-libs@1.1.1k-6.el8?upstream=openssl-1.1.1k-6.el8.src.rpm");
    assertThat(rpm.key().name()).isEqualTo("openssl-libs");
    assertThat(rpm.source().name()).isEqualTo("openssl");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "Ubuntu:22.04:LTS, 22.04",
    "Ubuntu:Pro:FIPS-updates:18.04:LTS, 18.04",
    "Ubuntu:Pro:22.04:LTS:Realtime:Kernel, 22.04",
    "Debian:12, 12",
    "Alpine:v3.20, v3.20",
    "AlmaLinux:9, 9",
    "Red Hat:enterprise_linux:7::client, 7",
  })
  void shouldNormaliseTheReleaseOfDistroEcosystems(String osv, String release) {
    assertThat(Ecosystem.parseOsv(osv).release()).isEqualTo(release);
  }

  @Test
  void shouldCompareReleasesOnlyWhenBothSidesHaveOne() {
    Ecosystem debian12 = Ecosystem.parseOsv("Debian:12");
    assertThat(debian12.matches(Ecosystem.parseOsv("Debian"))).isTrue();
    assertThat(debian12.matches(Ecosystem.parseOsv("Debian:11"))).isFalse();
    assertThat(debian12.matches(Ecosystem.parseOsv("Ubuntu:22.04"))).isFalse();
  }

  @Test
  void shouldHaveNoIdentityForPurlTypesWithoutAnOsvEcosystem() {
    assertThat(PackageIdentity.fromPurl("pkg:docker/cassandra@latest")).isEmpty();
    assertThat(PackageIdentity.fromPurl("pkg:generic/openssl@1.1.10g")).isEmpty();
  }

  @Test
  void shouldRejectStringsThatAreNotPurls() {
    assertThatThrownBy(() -> Purl.parse("log4j-core@2.14.1"))
        .isInstanceOf(MalformedPurlException.class)
        .hasMessageContaining("pkg:");
    assertThatThrownBy(() -> Purl.parse("pkg:maven/@1.0"))
        .isInstanceOf(MalformedPurlException.class)
        .hasMessageContaining("name");
  }
}
