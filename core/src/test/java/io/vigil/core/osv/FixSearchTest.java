package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.version.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** One {@link FixSearch} searched under several filters answers as a fresh search per filter. */
class FixSearchTest {
  private static final List<Predicate<Version>> FILTERS =
      List.of(
          v -> true,
          v -> v.raw().startsWith("2.12."),
          v -> v.raw().startsWith("2.3."),
          v -> v.raw().startsWith("2.17."),
          v -> false);

  private static List<List<AffectedEntry>> log4shell() throws Exception {
    Path dir = Path.of(FixSearchTest.class.getResource("/fixtures/osv").toURI());
    return OsvReader.read(dir).stream().map(AffectedEntry::of).toList();
  }

  private static PackageIdentity log4j(String version) {
    return PackageIdentity.fromPurl("pkg:maven/org.apache.logging.log4j/log4j-core@" + version)
        .orElseThrow();
  }

  @Test
  void aSearchIsNotUsedUpByTheFiltersSearchedBefore() throws Exception {
    List<List<AffectedEntry>> advisories = log4shell();
    for (String v : List.of("2.0", "2.3", "2.4.1", "2.12.1", "2.14.1", "2.15.0", "2.17.1")) {
      PackageIdentity c = log4j(v);
      FixSearch once = FixSearch.of(c, advisories);
      List<Predicate<Version>> twice = new ArrayList<>(FILTERS);
      List<Predicate<Version>> reversed = new ArrayList<>(FILTERS);
      Collections.reverse(reversed);
      twice.addAll(reversed);
      for (Predicate<Version> filter : twice) {
        assertThat(once.smallest(filter))
            .as(v)
            .isEqualTo(FixSearch.of(c, advisories).smallest(filter));
      }
    }
  }

  @Test
  void shouldFindLog4ShellsFixesWithinAndAcrossLines() throws Exception {
    FixSearch java7 = FixSearch.of(log4j("2.12.1"), log4shell());
    FixSearch current = FixSearch.of(log4j("2.14.1"), log4shell());

    assertThat(java7.smallest(v -> true)).contains("2.12.4");
    assertThat(current.smallest(v -> true)).contains("2.17.1");
    assertThat(current.smallest(v -> v.raw().startsWith("2.12."))).isEmpty();
    assertThat(current.smallest(v -> true)).contains("2.17.1");
    assertThat(FixSearch.of(log4j("2.17.1"), log4shell()).smallest(v -> true)).isEmpty();
  }
}
