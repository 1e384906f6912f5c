package io.vigil.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The laws of the distributions' version orders, on generated versions ({@link
 * DistroVersionGenerator}): each order is a total preorder, and the rules the distributions
 * document hold — {@code ~} sorts before the end of the string (dpkg, rpm), {@code ^} after it but
 * before any further part (rpm), an epoch outranks everything after it (dpkg, rpm), apk's suffixes
 * come in their documented order and its revision is numeric. Named {@code *Test} so Surefire runs
 * it (jqwik properties run on the JUnit platform).
 */
class DistroVersionPropertiesTest {

  @Provide
  Arbitrary<String> dpkg() {
    return Arbitraries.randomValue(DistroVersionGenerator::dpkg);
  }

  @Provide
  Arbitrary<String> rpm() {
    return Arbitraries.randomValue(DistroVersionGenerator::rpm);
  }

  @Provide
  Arbitrary<String> apk() {
    return Arbitraries.randomValue(DistroVersionGenerator::apk);
  }

  @Provide
  Arbitrary<String> word() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('0', '9')
        .ofMinLength(1)
        .ofMaxLength(6);
  }

  @Provide
  Arbitrary<String> apkBase() {
    return Arbitraries.integers()
        .between(0, 40)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(l -> String.join(".", l.stream().map(String::valueOf).toList()));
  }

  // --- total preorder --------------------------------------------------------------------------

  @Property
  void dpkgIsATotalPreorder(
      @ForAll("dpkg") String a, @ForAll("dpkg") String b, @ForAll("dpkg") String c) {
    assertTotalPreorder(DpkgVersionScheme.INSTANCE, a, b, c);
  }

  @Property
  void rpmIsATotalPreorder(
      @ForAll("rpm") String a, @ForAll("rpm") String b, @ForAll("rpm") String c) {
    assertTotalPreorder(RpmVersionScheme.INSTANCE, a, b, c);
  }

  @Property
  void apkIsATotalPreorder(
      @ForAll("apk") String a, @ForAll("apk") String b, @ForAll("apk") String c) {
    assertTotalPreorder(ApkVersionScheme.INSTANCE, a, b, c);
  }

  // --- tilde, caret, epoch ---------------------------------------------------------------------

  @Property
  void aTildeSortsBeforeTheEndOfTheStringInDpkg(
      @ForAll("dpkg") String v, @ForAll("word") String w) {
    assertThat(order(DpkgVersionScheme.INSTANCE, v + "~" + w, v)).as(v + "~" + w).isNegative();
  }

  @Property
  void aTildeSortsBeforeTheEndOfTheStringInRpm(@ForAll("rpm") String v, @ForAll("word") String w) {
    assertThat(order(RpmVersionScheme.INSTANCE, v + "~" + w, v)).as(v + "~" + w).isNegative();
  }

  @Property
  void aCaretSortsAfterTheEndOfTheStringButBeforeAFurtherPartInRpm(
      @ForAll("rpm") String v, @ForAll("word") String w) {
    assertThat(order(RpmVersionScheme.INSTANCE, v + "^" + w, v)).as(v + "^" + w).isPositive();
    assertThat(order(RpmVersionScheme.INSTANCE, v + "^" + w, v + ".1"))
        .as(v + "^" + w + " vs " + v + ".1")
        .isNegative();
  }

  @Property
  void anEpochOutranksEverythingAfterItInDpkg(@ForAll("dpkg") String a, @ForAll("dpkg") String b) {
    assertThat(order(DpkgVersionScheme.INSTANCE, "99:" + strip(a), "98:" + strip(b))).isPositive();
    assertThat(order(DpkgVersionScheme.INSTANCE, "0:" + strip(a), strip(a))).isZero();
  }

  @Property
  void anEpochOutranksEverythingAfterItInRpm(@ForAll("rpm") String a, @ForAll("rpm") String b) {
    assertThat(order(RpmVersionScheme.INSTANCE, "99:" + strip(a), "98:" + strip(b))).isPositive();
    assertThat(order(RpmVersionScheme.INSTANCE, "0:" + strip(a), strip(a))).isZero();
  }

  // --- apk -------------------------------------------------------------------------------------

  @Property
  void apkSuffixesComeInTheirDocumentedOrder(@ForAll("apkBase") String base) {
    String[] ascending = {
      base + "_alpha",
      base + "_beta",
      base + "_pre",
      base + "_rc",
      base,
      base + "_cvs",
      base + "_svn",
      base + "_git",
      base + "_hg",
      base + "_p"
    };
    for (int i = 0; i + 1 < ascending.length; i++) {
      assertThat(order(ApkVersionScheme.INSTANCE, ascending[i], ascending[i + 1]))
          .as(ascending[i] + " < " + ascending[i + 1])
          .isNegative();
    }
  }

  @Property
  void apkRevisionsAreNumeric(
      @ForAll("apkBase") String base,
      @ForAll @IntRange(min = 0, max = 200) int r,
      @ForAll @IntRange(min = 1, max = 200) int step) {
    assertThat(order(ApkVersionScheme.INSTANCE, base + "-r" + r, base + "-r" + (r + step)))
        .isNegative();
    assertThat(order(ApkVersionScheme.INSTANCE, base, base + "-r" + r)).isNotPositive();
  }

  // ---------------------------------------------------------------------------------------------

  private static String strip(String v) {
    int colon = v.indexOf(':');
    return colon < 0 ? v : v.substring(colon + 1);
  }

  private static int order(VersionScheme s, String a, String b) {
    Comparison c = s.compare(a, b);
    assertThat(c.isError()).as(a + " vs " + b + ": " + c).isFalse();
    return c.order();
  }

  private static void assertTotalPreorder(VersionScheme s, String a, String b, String c) {
    int ab = order(s, a, b);
    int ba = order(s, b, a);
    int bc = order(s, b, c);
    int ac = order(s, a, c);
    assertThat(ab).as("antisymmetry %s %s", a, b).isEqualTo(-ba);
    assertThat(order(s, a, a)).as("reflexivity %s", a).isZero();
    if (ab <= 0 && bc <= 0) {
      assertThat(ac).as("transitivity %s <= %s <= %s", a, b, c).isNotPositive();
    }
    if (ab == 0 && bc == 0) {
      assertThat(ac).as("equality is transitive %s = %s = %s", a, b, c).isZero();
    }
  }
}
