package io.vigil.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code apk} scheme (Alpine, Wolfi, Chainguard) against Alpine's own test vectors: apk-tools'
 * {@code test/unit/version.data}, which its {@code version_test.c} runs through {@code
 * apk_version_match} and {@code apk_version_validate} (bundled in {@code fixtures/apk-tools}, see
 * PROVENANCE.md). apk-tools is not packaged for Debian, so there is no {@code apk} binary to ask as
 * there is for dpkg and rpm; these vectors (plus the osv-semantic and vers-spec Alpine fixtures in
 * {@link VersionConformanceTest}) stand in for it.
 *
 * <p>Lines: {@code A op B} with {@code <}, {@code =}, {@code >} compared both ways; {@code version}
 * must be valid and {@code !version} invalid, where "invalid" for the scheme means a version it
 * orders only with a {@link Version#note() note} (apk still orders strings its validator rejects,
 * and the OSV fixtures need those answers). The fuzzy operators ({@code ~}, {@code <~}, {@code !~}:
 * apk's dependency prefix match) are not version order and are counted, not checked.
 */
class ApkVersionDataConformanceTest {

  @Test
  void shouldAgreeWithEveryComparisonAndValidityLineOfApkToolsVersionData() throws Exception {
    List<String> bad = new ArrayList<>();
    int comparisons = 0;
    int validity = 0;
    int fuzzy = 0;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/apk-tools/version.data");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        int hash = line.indexOf('#');
        String t = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (t.isEmpty()) {
          continue;
        }
        String[] parts = t.split("\\s+");
        if (parts.length == 3) {
          String op = parts[1];
          if (op.contains("~")) {
            fuzzy++;
            continue;
          }
          comparisons++;
          int expected =
              switch (op) {
                case "<" -> -1;
                case "=" -> 0;
                case ">" -> 1;
                default -> throw new IllegalArgumentException("line " + n + ": operator " + op);
              };
          Comparison c = ApkVersionScheme.INSTANCE.compare(parts[0], parts[2]);
          Comparison reverse = ApkVersionScheme.INSTANCE.compare(parts[2], parts[0]);
          if (c.isError() || c.order() != expected || reverse.order() != -expected) {
            bad.add("line " + n + ": " + t + " -> " + c + " (reverse " + reverse + ")");
          }
        } else if (parts.length == 1) {
          validity++;
          boolean wantValid = !parts[0].startsWith("!");
          String v = wantValid ? parts[0] : parts[0].substring(1);
          Version parsed = ApkVersionScheme.INSTANCE.parse(v);
          boolean wellFormed = parsed.isValid() && parsed.note() == null;
          if (wellFormed != wantValid) {
            bad.add(
                "line "
                    + n
                    + ": '"
                    + v
                    + "' should be "
                    + (wantValid ? "valid" : "rejected")
                    + ", scheme: "
                    + (parsed.isValid() ? "note " + parsed.note() : parsed.invalidReason()));
          }
        } else {
          throw new IllegalArgumentException("line " + n + " is neither 'A op B' nor a version");
        }
      }
    }
    System.out.printf(
        "[conformance] apk-tools version.data: %d/%d lines agree (%d comparisons, %d validity"
            + " checks; %d fuzzy-match lines not checked)%n",
        comparisons + validity - bad.size(), comparisons + validity, comparisons, validity, fuzzy);
    assertThat(bad).as(bad.size() + " lines disagree with apk-tools").isEmpty();
    assertThat(comparisons).isGreaterThan(700);
  }
}
