package io.vigil.alerting.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.render.AlertView.Link;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinksTest {

  @Test
  void shouldLinkEachIdToItsOwnPage() {
    assertThat(Links.page("CVE-2025-49128"))
        .isEqualTo("https://nvd.nist.gov/vuln/detail/CVE-2025-49128");
    assertThat(Links.page("GHSA-wf8f-6423-gfxg"))
        .isEqualTo("https://github.com/advisories/GHSA-wf8f-6423-gfxg");
    assertThat(Links.page("PYSEC-2021-425"))
        .isEqualTo("https://osv.dev/vulnerability/PYSEC-2021-425");
  }

  @Test
  void shouldNeverTakeTheNvdLinkOfACveFromAnAdvisorysReferences() {
    // GHSA-wf8f-6423-gfxg lists CVE-2021-22145's NVD page as its first ADVISORY reference
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put("GHSA-wf8f-6423-gfxg", "https://nvd.nist.gov/vuln/detail/CVE-2021-22145");

    List<Link> links =
        Links.of("CVE-2025-49128", List.of("GHSA-wf8f-6423-gfxg", "CVE-2025-49128"), urls, null);

    assertThat(links)
        .containsExactly(
            new Link("GHSA-wf8f-6423-gfxg", "https://github.com/advisories/GHSA-wf8f-6423-gfxg"),
            new Link("OSV", "https://osv.dev/vulnerability/CVE-2025-49128"),
            new Link("NVD", "https://nvd.nist.gov/vuln/detail/CVE-2025-49128"));
  }

  @Test
  void shouldKeepAnAdvisorysOwnUrlOnlyWhenItNamesTheAdvisory() {
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put("RUSTSEC-2021-0001", "https://rustsec.org/advisories/RUSTSEC-2021-0001.html");
    urls.put("PYSEC-2021-425", "https://nvd.nist.gov/vuln/detail/CVE-2021-1111");

    List<Link> links =
        Links.of("RUSTSEC-2021-0001", List.of("RUSTSEC-2021-0001", "PYSEC-2021-425"), urls, null);

    assertThat(links)
        .containsExactly(
            new Link("RUSTSEC-2021-0001", "https://rustsec.org/advisories/RUSTSEC-2021-0001.html"),
            new Link("PYSEC-2021-425", "https://osv.dev/vulnerability/PYSEC-2021-425"),
            new Link("OSV", "https://osv.dev/vulnerability/RUSTSEC-2021-0001"));
  }

  @Test
  void shouldPercentEncodeAnIdThatIsNoPlainPathSegment() {
    assertThat(Links.page("ODD id|1>")).isEqualTo("https://osv.dev/vulnerability/ODD%20id%7C1%3E");
  }
}
