package io.vigil.core.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AnalysisKeysTest {

  @Test
  void shouldWriteReadableKeysForEachKindOfScope() {
    var component =
        AnalysisScope.component(
            "shop",
            null,
            PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"));
    var project = AnalysisScope.project("shop", "1.2");
    var portfolio =
        AnalysisScope.portfolio(PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core"));

    assertThat(AnalysisKeys.encode(component, "cve-2021-44228"))
        .isEqualTo(
            "component|CVE-2021-44228|shop||pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(AnalysisKeys.encode(project, "GHSA-jfh8-c2jp-5v3q"))
        .isEqualTo("project|GHSA-jfh8-c2jp-5v3q|shop|1.2");
    assertThat(AnalysisKeys.encode(portfolio, "CVE-2021-44228"))
        .isEqualTo("portfolio|CVE-2021-44228|pkg:maven/org.apache.logging.log4j/log4j-core");
  }

  @Test
  void shouldEscapeTheSeparatorAndPercentInsideFields() {
    var scope = AnalysisScope.component("a|b%c", "1|2", new BomRefMatcher("ref|x"));

    String key = AnalysisKeys.encode(scope, "X|1");

    assertThat(key).isEqualTo("component|X%7C1|a%7Cb%25c|1%7C2|bom-ref:ref%7Cx");
    assertThat(AnalysisKeys.decode(key)).isEqualTo(new AnalysisKeys.Decoded(scope, "X|1"));
  }

  @Test
  void shouldGiveTwoSpellingsOfOnePurlOneKey() {
    var a = AnalysisScope.portfolio(PurlPattern.parse("pkg:PyPI/Django_Allauth"));
    var b = AnalysisScope.portfolio(PurlPattern.parse("pkg:pypi/django-allauth"));

    assertThat(AnalysisKeys.encode(a, "CVE-1")).isEqualTo(AnalysisKeys.encode(b, "CVE-1"));
  }

  @Test
  void shouldRejectKeysThatAreNotCanonicalOrIncomplete() {
    assertThatThrownBy(() -> AnalysisKeys.decode("team|CVE-1|x"))
        .hasMessageContaining("expected component, project or portfolio");
    assertThatThrownBy(() -> AnalysisKeys.decode("project|CVE-1|shop"))
        .hasMessageContaining("has 3 fields, a project key has 4");
    assertThatThrownBy(() -> AnalysisKeys.decode("portfolio|CVE-1|pkg:PyPI/Django_Allauth"))
        .hasMessageContaining("not canonical");
    assertThatThrownBy(() -> AnalysisKeys.decode("project|CVE-1|sh%Zop|"))
        .hasMessageContaining("bad %-escape");
    assertThatThrownBy(() -> AnalysisKeys.decode("portfolio|CVE-1|not-a-purl"))
        .hasMessageContaining("analysis key 'portfolio|CVE-1|not-a-purl'");
  }

  @Property(tries = 300)
  void shouldDecodeEveryEncodedKeyToTheSameScope(
      @ForAll("texts") String project,
      @ForAll("texts") String version,
      @ForAll("texts") String ref,
      @ForAll("texts") String vulnerability) {
    if (project.isBlank() || ref.isBlank() || vulnerability.isBlank()) {
      return;
    }
    String vuln = VulnerabilityIds.normalize(vulnerability);
    for (AnalysisScope scope :
        new AnalysisScope[] {
          AnalysisScope.project(project, version),
          AnalysisScope.component(project, version, new BomRefMatcher(ref)),
          AnalysisScope.component(
              project, version, PurlPattern.parse("pkg:npm/%40scope/" + encode(ref) + "@1.0")),
        }) {
      String key = AnalysisKeys.encode(scope, vuln);

      assertThat(AnalysisKeys.decode(key)).isEqualTo(new AnalysisKeys.Decoded(scope, vuln));
    }
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings()
        .withChars("ab|%@/?#:é✓ \t")
        .withCharRange('\u0000', '\u007f')
        .ofMinLength(0)
        .ofMaxLength(12);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
