package io.vigil.core.triage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PurlPatternTest {

  @Test
  void shouldMatchEveryVersionWhenThePatternHasNone() {
    var pattern = PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core");

    assertThat(pattern.matches("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")).isTrue();
    assertThat(pattern.matches("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1?type=jar"))
        .isTrue();
    assertThat(pattern.matches("pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1")).isFalse();
    assertThat(pattern.hasVersion()).isFalse();
  }

  @Test
  void shouldMatchOnlyThatVersionWhenThePatternNamesOne() {
    var pattern = PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");

    assertThat(pattern.matches("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar"))
        .isTrue();
    assertThat(pattern.matches("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1")).isFalse();
    assertThat(pattern.matches("pkg:maven/org.apache.logging.log4j/log4j-core")).isFalse();
  }

  @Test
  void shouldRequireEveryQualifierThePatternStates() {
    var pattern = PurlPattern.parse("pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64");

    assertThat(pattern.matches("pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&distro=wolfi")).isTrue();
    assertThat(pattern.matches("pkg:apk/wolfi/git@2.39.0-r1?arch=armv7")).isFalse();
    assertThat(pattern.matches("pkg:apk/wolfi/git@2.39.0-r1")).isFalse();
  }

  @Test
  void shouldCompareTypeSpecificNormalisedNamesNotSpellings() {
    var pattern = PurlPattern.parse("pkg:pypi/Django_Allauth@0.54.0");

    assertThat(pattern.matches("pkg:PYPI/django-allauth@0.54.0")).isTrue();
    assertThat(pattern.asString()).isEqualTo("pkg:pypi/django-allauth@0.54.0");
  }

  @Test
  void shouldNeverMatchAComponentWithoutAValidPurl() {
    var pattern = PurlPattern.parse("pkg:npm/lodash");

    assertThat(pattern.matches((String) null)).isFalse();
    assertThat(pattern.matches("lodash@4.17.20")).isFalse();
  }
}
