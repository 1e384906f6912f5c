package io.vigil.core.purl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * OSV package → purl → key gives the key of the OSV package, for every package of the shared
 * records.
 */
class PackageIdentityRoundTripTest {

  @Test
  void shouldRoundTripEveryOsvPackageOfTheSharedRecordsThroughItsPurl() throws Exception {
    Path osv = SharedData.require("osv");
    List<String> failures = new ArrayList<>();
    int mapped = 0;
    int total = 0;
    try (Stream<Path> zips = Files.list(osv)) {
      for (Path zip : zips.filter(p -> p.toString().endsWith(".zip")).sorted().toList()) {
        for (OsvRecord r : OsvReader.read(zip)) {
          for (OsvRecord.Affected a : r.affected()) {
            if (a.pkg() == null || a.pkg().name() == null || a.pkg().ecosystem() == null) {
              continue;
            }
            total++;
            Optional<Purl> purl = PackageIdentity.toPurl(a.pkg().ecosystem(), a.pkg().name());
            if (purl.isEmpty()) {
              continue;
            }
            mapped++;
            PackageIdentity back =
                PackageIdentity.fromPurl(Purl.parse(purl.get().toString())).orElseThrow();
            PackageKey expected = PackageKey.of(a.pkg().ecosystem(), a.pkg().name());
            if (!back.key().equals(expected)
                || !Ecosystem.parseOsv(a.pkg().ecosystem()).matches(back.ecosystem())) {
              failures.add(
                  a.pkg() + " -> " + purl.get() + " -> " + back.ecosystem() + " " + back.key());
            }
          }
        }
      }
    }
    System.out.printf(
        "[identity] %d of %d OSV packages have a purl type; all round-trip: %s%n",
        mapped, total, failures.isEmpty());
    assertThat(failures).isEmpty();
    assertThat(mapped).isGreaterThan(5000);
  }

  @Test
  void shouldWriteTheDistroQualifierForReleaseScopedEcosystems() {
    assertThat(PackageIdentity.toPurl("Debian:12", "openssl").orElseThrow().toString())
        .isEqualTo("pkg:deb/debian/openssl?distro=debian-12");
    assertThat(PackageIdentity.toPurl("Alpine:v3.20", "busybox").orElseThrow().toString())
        .isEqualTo("pkg:apk/alpine/busybox?distro=3.20");
    assertThat(
            PackageIdentity.toPurl("Maven", "org.apache.logging.log4j:log4j-core")
                .orElseThrow()
                .toString())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core");
    assertThat(PackageIdentity.toPurl("OSS-Fuzz", "curl")).isEmpty();
  }
}
