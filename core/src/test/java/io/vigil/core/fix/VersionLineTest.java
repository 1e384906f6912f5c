package io.vigil.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionLineTest {

  @ParameterizedTest
  @CsvSource({
    "2.14.1, 0, 2, 14",
    "v5.6.0, 0, 5, 6",
    "2.14.1-SNAPSHOT, 0, 2, 14",
    "13.0.1, 0, 13, 0",
    "1:2.3-4, 1, 2, 3",
    "2!1.0, 2, 1, 0",
    "7, 0, 7, -1",
    "2-beta, 0, 2, -1",
    "1.36.1-r5, 0, 1, 36",
    "3.0.2p1, 0, 3, 0",
  })
  void shouldReadEpochMajorAndMinorFromTheLeadingNumbers(
      String version, long epoch, long major, long minor) {
    assertThat(VersionLine.of(version)).isEqualTo(new VersionLine(epoch, major, minor));
  }

  @ParameterizedTest
  @CsvSource({"abc", "'  '", "RELEASE", "go1.21"})
  void shouldHaveNoLineWhenTheVersionDoesNotStartWithANumber(String version) {
    assertThat(VersionLine.of(version)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "2.14.1, 2.14.9, true, true",
    "2.14.1, 2.17.1, false, true",
    "2.14.1, 3.0.0, false, false",
    "1:2.3, 2.3.1, false, false",
    "7, 7.1, false, true",
  })
  void shouldCompareLines(String a, String b, boolean sameMinor, boolean sameMajor) {
    assertThat(VersionLine.of(a).sameMinor(VersionLine.of(b))).isEqualTo(sameMinor);
    assertThat(VersionLine.of(a).sameMajor(VersionLine.of(b))).isEqualTo(sameMajor);
  }
}
