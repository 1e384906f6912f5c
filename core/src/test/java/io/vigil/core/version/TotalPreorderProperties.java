package io.vigil.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.testing.SharedData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Each ecosystem's order is a total preorder (antisymmetric, transitive, total) on the versions
 * that occur in the shared OSV records (every {@code versions} entry and range event). Without the
 * shared data the properties run on the versions of the bundled fixture files instead, and say so
 * on stderr.
 */
class TotalPreorderProperties {
  private static final Map<VersionScheme, List<String>> VERSIONS = load();

  private static Map<VersionScheme, List<String>> load() {
    Map<VersionScheme, Set<String>> out = new HashMap<>();
    Path root = SharedData.root();
    if (root != null && Files.isDirectory(root.resolve("osv"))) {
      try (Stream<Path> zips = Files.list(root.resolve("osv"))) {
        for (Path zip : zips.filter(p -> p.toString().endsWith(".zip")).toList()) {
          for (OsvRecord r : OsvReader.read(zip)) {
            for (OsvRecord.Affected a : r.affected()) {
              if (a.pkg() == null) {
                continue;
              }
              VersionSchemes.forEcosystem(a.pkg().ecosystem())
                  .ifPresent(
                      s -> {
                        Set<String> set = out.computeIfAbsent(s, k -> new LinkedHashSet<>());
                        a.versions().forEach(set::add);
                        for (OsvRecord.Range rg : a.ranges()) {
                          for (OsvRecord.Event e : rg.events()) {
                            Stream.of(e.introduced(), e.fixed(), e.lastAffected(), e.limit())
                                .filter(v -> v != null && !v.equals("0") && !v.equals("*"))
                                .forEach(set::add);
                          }
                        }
                      });
            }
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    } else {
      System.err.println(
          "[vigil-core tests] shared OSV records not found: total-preorder properties run on the bundled fixture versions only");
    }
    Map<String, VersionScheme> bundled =
        Map.of(
            "maven",
            VersionSchemes.maven(),
            "semver",
            SemverScheme.SEMVER,
            "pypi",
            PypiVersionScheme.INSTANCE,
            "debian",
            DpkgVersionScheme.INSTANCE,
            "alpine",
            ApkVersionScheme.INSTANCE,
            "redhat",
            RpmVersionScheme.INSTANCE,
            "rubygems",
            RubyGemsVersionScheme.INSTANCE,
            "packagist",
            PackagistVersionScheme.INSTANCE,
            "cran",
            NumericVersionScheme.CRAN,
            "hackage",
            NumericVersionScheme.HACKAGE);
    for (Map.Entry<String, VersionScheme> e : bundled.entrySet()) {
      try (InputStream in =
          TotalPreorderProperties.class.getResourceAsStream(
              "/fixtures/osv-semantic/" + e.getKey() + "-versions.txt")) {
        Set<String> set = out.computeIfAbsent(e.getValue(), k -> new LinkedHashSet<>());
        for (ComparisonFixtures.Line l : ComparisonFixtures.read(in)) {
          set.add(l.a());
          set.add(l.b());
        }
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    }
    for (VersionScheme s : List.of(SemverScheme.GO, SemverScheme.NUGET, SemverScheme.PUB)) {
      out.computeIfAbsent(s, k -> new LinkedHashSet<>()).addAll(out.get(SemverScheme.SEMVER));
    }
    Map<VersionScheme, List<String>> valid = new HashMap<>();
    out.forEach((s, set) -> valid.put(s, set.stream().filter(v -> s.parse(v).isValid()).toList()));
    return valid;
  }

  private static Arbitrary<String> of(VersionScheme s) {
    return Arbitraries.of(VERSIONS.get(s));
  }

  private static void check(VersionScheme s, String x, String y, String z) {
    Version a = s.parse(x);
    Version b = s.parse(y);
    Version c = s.parse(z);
    int ab = a.compareTo(b);
    assertThat(b.compareTo(a)).as("antisymmetry %s %s", x, y).isEqualTo(-ab);
    assertThat(a.compareTo(a)).as("reflexivity %s", x).isZero();
    int bc = b.compareTo(c);
    if (ab <= 0 && bc <= 0) {
      assertThat(a.compareTo(c)).as("transitivity %s <= %s <= %s", x, y, z).isLessThanOrEqualTo(0);
    }
    if (ab == 0) {
      assertThat(a.compareTo(c))
          .as("equal versions order alike: %s = %s vs %s", x, y, z)
          .isEqualTo(bc);
    }
  }

  @Property(tries = 3000)
  void mavenOrderIsATotalPreorder(
      @ForAll("maven") String a, @ForAll("maven") String b, @ForAll("maven") String c) {
    check(VersionSchemes.maven(), a, b, c);
  }

  @Provide
  Arbitrary<String> maven() {
    return of(VersionSchemes.maven());
  }

  @Property(tries = 3000)
  void semverOrderIsATotalPreorder(
      @ForAll("semver") String a, @ForAll("semver") String b, @ForAll("semver") String c) {
    check(SemverScheme.SEMVER, a, b, c);
  }

  @Provide
  Arbitrary<String> semver() {
    return of(SemverScheme.SEMVER);
  }

  @Property(tries = 3000)
  void goOrderIsATotalPreorder(
      @ForAll("go") String a, @ForAll("go") String b, @ForAll("go") String c) {
    check(SemverScheme.GO, a, b, c);
  }

  @Provide
  Arbitrary<String> go() {
    return of(SemverScheme.GO);
  }

  @Property(tries = 2000)
  void nugetOrderIsATotalPreorder(
      @ForAll("nuget") String a, @ForAll("nuget") String b, @ForAll("nuget") String c) {
    check(SemverScheme.NUGET, a, b, c);
  }

  @Provide
  Arbitrary<String> nuget() {
    return of(SemverScheme.NUGET);
  }

  @Property(tries = 1000)
  void pubOrderIsATotalPreorder(
      @ForAll("pub") String a, @ForAll("pub") String b, @ForAll("pub") String c) {
    check(SemverScheme.PUB, a, b, c);
  }

  @Provide
  Arbitrary<String> pub() {
    return of(SemverScheme.PUB);
  }

  @Property(tries = 3000)
  void pypiOrderIsATotalPreorder(
      @ForAll("pypi") String a, @ForAll("pypi") String b, @ForAll("pypi") String c) {
    check(PypiVersionScheme.INSTANCE, a, b, c);
  }

  @Provide
  Arbitrary<String> pypi() {
    return of(PypiVersionScheme.INSTANCE);
  }

  @Property(tries = 2000)
  void rubygemsOrderIsATotalPreorder(
      @ForAll("rubygems") String a, @ForAll("rubygems") String b, @ForAll("rubygems") String c) {
    check(RubyGemsVersionScheme.INSTANCE, a, b, c);
  }

  @Provide
  Arbitrary<String> rubygems() {
    return of(RubyGemsVersionScheme.INSTANCE);
  }

  @Property(tries = 3000)
  void packagistOrderIsATotalPreorder(
      @ForAll("packagist") String a, @ForAll("packagist") String b, @ForAll("packagist") String c) {
    check(PackagistVersionScheme.INSTANCE, a, b, c);
  }

  @Provide
  Arbitrary<String> packagist() {
    return of(PackagistVersionScheme.INSTANCE);
  }

  @Property(tries = 3000)
  void dpkgOrderIsATotalPreorder(
      @ForAll("dpkg") String a, @ForAll("dpkg") String b, @ForAll("dpkg") String c) {
    check(DpkgVersionScheme.INSTANCE, a, b, c);
  }

  @Provide
  Arbitrary<String> dpkg() {
    return of(DpkgVersionScheme.INSTANCE);
  }

  @Property(tries = 2000)
  void apkOrderIsATotalPreorder(
      @ForAll("apk") String a, @ForAll("apk") String b, @ForAll("apk") String c) {
    check(ApkVersionScheme.INSTANCE, a, b, c);
  }

  @Provide
  Arbitrary<String> apk() {
    return of(ApkVersionScheme.INSTANCE);
  }

  @Property(tries = 2000)
  void rpmOrderIsATotalPreorder(
      @ForAll("rpm") String a, @ForAll("rpm") String b, @ForAll("rpm") String c) {
    check(RpmVersionScheme.INSTANCE, a, b, c);
  }

  @Provide
  Arbitrary<String> rpm() {
    return of(RpmVersionScheme.INSTANCE);
  }

  @Property(tries = 1000)
  void cranOrderIsATotalPreorder(
      @ForAll("cran") String a, @ForAll("cran") String b, @ForAll("cran") String c) {
    check(NumericVersionScheme.CRAN, a, b, c);
  }

  @Provide
  Arbitrary<String> cran() {
    return of(NumericVersionScheme.CRAN);
  }

  @Property(tries = 500)
  void hackageOrderIsATotalPreorder(
      @ForAll("hackage") String a, @ForAll("hackage") String b, @ForAll("hackage") String c) {
    check(NumericVersionScheme.HACKAGE, a, b, c);
  }

  @Provide
  Arbitrary<String> hackage() {
    return of(NumericVersionScheme.HACKAGE);
  }

  /** Sorting every version of the shared records must succeed and leave no adjacent inversion. */
  @Property(tries = 1)
  void sortingEveryRecordVersionLeavesNoInversion() {
    for (Map.Entry<VersionScheme, List<String>> e : VERSIONS.entrySet()) {
      VersionScheme s = e.getKey();
      List<Version> vs = new ArrayList<>(e.getValue().stream().map(s::parse).toList());
      vs.sort(Version::compareTo);
      for (int i = 1; i < vs.size(); i++) {
        assertThat(vs.get(i - 1).compareTo(vs.get(i)))
            .as("%s: %s before %s", s.name(), vs.get(i - 1), vs.get(i))
            .isLessThanOrEqualTo(0);
      }
      System.out.printf(
          "[properties] %s: %d distinct valid versions sorted consistently%n", s.name(), vs.size());
    }
  }
}
