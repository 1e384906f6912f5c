package io.vigil.core.triage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The record key of an analysis on the analyses topics: one key per (scope, vulnerability), so the
 * compacted topic keeps exactly the current decision of each.
 *
 * <pre>
 * component|&lt;vulnerability&gt;|&lt;project&gt;|&lt;version&gt;|&lt;purl pattern or bom-ref:ref&gt;
 * project|&lt;vulnerability&gt;|&lt;project&gt;|&lt;version&gt;
 * portfolio|&lt;vulnerability&gt;|&lt;purl pattern&gt;
 * </pre>
 *
 * Fields are separated by {@code |}; inside a field {@code %}, {@code |} and control characters are
 * percent-encoded (UTF-8), nothing else, so keys stay readable: {@code
 * component|CVE-2021-44228|shop||pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1}. An empty
 * version field means "every version". The vulnerability is written as the decision names it
 * (normalised by {@link VulnerabilityIds#normalize}); the purl in its canonical form, so two
 * spellings of one purl give one key. {@link #decode} reverses {@link #encode} exactly and rejects
 * anything else.
 */
public final class AnalysisKeys {
  private AnalysisKeys() {}

  /** The key of a decision about {@code vulnerabilityId} in {@code scope}. */
  public static String encode(AnalysisScope scope, String vulnerabilityId) {
    List<String> fields = new ArrayList<>();
    fields.add(scope.kind().name().toLowerCase(java.util.Locale.ROOT));
    fields.add(VulnerabilityIds.normalize(vulnerabilityId));
    switch (scope.kind()) {
      case COMPONENT -> {
        fields.add(scope.project());
        fields.add(nullToEmpty(scope.projectVersion()));
        fields.add(scope.component().asString());
      }
      case PROJECT -> {
        fields.add(scope.project());
        fields.add(nullToEmpty(scope.projectVersion()));
      }
      case PORTFOLIO -> fields.add(scope.component().asString());
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        b.append('|');
      }
      escape(fields.get(i), b);
    }
    return b.toString();
  }

  /** The (scope, vulnerability) a key names. */
  public record Decoded(AnalysisScope scope, String vulnerabilityId) {}

  /**
   * Reads a key written by {@link #encode}.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static Decoded decode(String key) {
    String[] raw = key.split("\\|", -1);
    List<String> f = new ArrayList<>(raw.length);
    for (String r : raw) {
      f.add(unescape(r, key));
    }
    String kind = f.get(0);
    int expected =
        switch (kind) {
          case "component" -> 5;
          case "project" -> 4;
          case "portfolio" -> 3;
          default ->
              throw new IllegalArgumentException(
                  "analysis key '"
                      + key
                      + "' starts with '"
                      + kind
                      + "': expected component, project or portfolio");
        };
    if (f.size() != expected) {
      throw new IllegalArgumentException(
          "analysis key '"
              + key
              + "' has "
              + f.size()
              + " fields, a "
              + kind
              + " key has "
              + expected);
    }
    try {
      AnalysisScope scope =
          switch (kind) {
            case "component" ->
                AnalysisScope.component(
                    f.get(2), emptyToNull(f.get(3)), ComponentMatcher.parse(f.get(4)));
            case "project" -> AnalysisScope.project(f.get(2), emptyToNull(f.get(3)));
            default -> AnalysisScope.portfolio(PurlPattern.parse(f.get(2)));
          };
      String vuln = VulnerabilityIds.normalize(f.get(1));
      if (!encode(scope, vuln).equals(key)) {
        throw new IllegalArgumentException(
            "analysis key '" + key + "' is not canonical: expected " + encode(scope, vuln));
      }
      return new Decoded(scope, vuln);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("analysis key")) {
        throw e;
      }
      throw new IllegalArgumentException("analysis key '" + key + "': " + e.getMessage(), e);
    }
  }

  private static void escape(String s, StringBuilder b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '|' || c < 0x20 || c == 0x7f) {
        b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        b.append(c);
      }
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static String unescape(String s, String key) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%') {
        if (i + 2 >= bytes.length) {
          throw new IllegalArgumentException("analysis key '" + key + "' has a truncated %-escape");
        }
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("analysis key '" + key + "' has a bad %-escape");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
