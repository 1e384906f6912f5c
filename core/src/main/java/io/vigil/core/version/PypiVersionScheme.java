package io.vigil.core.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 ordering for PyPI: epoch, release (zero-padded), pre ({@code a < b < rc}, with the
 * spellings {@code alpha}, {@code beta}, {@code c}, {@code pre}, {@code preview}), post ({@code
 * .postN}, {@code -N}, {@code rN}, {@code revN}), dev, and local segments (numeric segments beat
 * alphanumeric ones). {@code 1.0.dev0 < 1.0a0} (a dev release of a final sorts before its
 * pre-releases).
 *
 * <p>Strings that are not PEP 440 are "legacy versions", which pip's old {@code
 * LegacyVersion}/setuptools ordering still sorts: before every PEP 440 version, among themselves by
 * setuptools' component rules. They are valid here (the OSV fixtures order them) but carry a {@link
 * Version#note() note}. Only the empty string is invalid.
 */
public final class PypiVersionScheme implements VersionScheme {
  static final PypiVersionScheme INSTANCE = new PypiVersionScheme();

  private static final Pattern PEP440 =
      Pattern.compile(
          "^\\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
              + "(?<pre>[-_.]?(?<prel>alpha|beta|preview|pre|a|b|c|rc)[-_.]?(?<pren>[0-9]+)?)?"
              + "(?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?"
              + "(?<dev>[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?)"
              + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$");
  private static final Pattern LEGACY_PART = Pattern.compile("\\d+|[a-z]+|\\.|-");

  private PypiVersionScheme() {}

  @Override
  public String name() {
    return "pypi";
  }

  @Override
  public Version parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return invalid(raw, "empty version");
    }
    String s = raw.toLowerCase(Locale.ROOT);
    Matcher m = PEP440.matcher(s);
    if (!m.matches()) {
      return new PypiVersion(raw, legacyParts(s.trim()));
    }
    String epoch = m.group("epoch") == null ? "0" : Numbers.strip(m.group("epoch"));
    String[] release = m.group("release").split("\\.");
    for (int i = 0; i < release.length; i++) {
      release[i] = Numbers.strip(release[i]);
    }
    int preRank = -1;
    String preNum = null;
    if (m.group("prel") != null) {
      switch (m.group("prel")) {
        case "a", "alpha" -> preRank = 0;
        case "b", "beta" -> preRank = 1;
        default -> preRank = 2;
      }
      preNum = m.group("pren") == null ? "0" : Numbers.strip(m.group("pren"));
    }
    String post = null;
    if (m.group("postn1") != null) {
      post = Numbers.strip(m.group("postn1"));
    } else if (m.group("postl") != null) {
      post = m.group("postn2") == null ? "0" : Numbers.strip(m.group("postn2"));
    }
    String dev = null;
    if (m.group("devl") != null) {
      dev = m.group("devn") == null ? "0" : Numbers.strip(m.group("devn"));
    }
    String[] local = m.group("local") == null ? new String[0] : m.group("local").split("[-_.]");
    return new PypiVersion(raw, epoch, release, preRank, preNum, post, dev, local);
  }

  /** setuptools' legacy parse: components padded for string comparison. */
  private static String legacyParts(String s) {
    List<String> parts = new ArrayList<>();
    Matcher m = LEGACY_PART.matcher(s);
    List<String> pieces = new ArrayList<>();
    while (m.find()) {
      pieces.add(m.group());
    }
    pieces.add("final");
    for (String piece : pieces) {
      if (piece.isEmpty() || piece.equals(".")) {
        continue;
      }
      String part;
      switch (piece) {
        case "pre", "preview", "rc" -> part = "*c";
        case "-" -> part = "*final-";
        case "dev" -> part = "*@";
        default -> part = Numbers.isDigit(piece.charAt(0)) ? pad8(piece) : "*" + piece;
      }
      if (part.startsWith("*")) {
        if (part.compareTo("*final") < 0) {
          while (!parts.isEmpty() && parts.get(parts.size() - 1).equals("*final-")) {
            parts.remove(parts.size() - 1);
          }
        }
        while (!parts.isEmpty() && parts.get(parts.size() - 1).equals("00000000")) {
          parts.remove(parts.size() - 1);
        }
      }
      parts.add(part);
    }
    return String.join("", parts);
  }

  private static String pad8(String digits) {
    return digits.length() >= 8 ? digits : "0".repeat(8 - digits.length()) + digits;
  }

  static final class PypiVersion extends Version {
    private final String legacy;
    private final String epoch;
    private final String[] release;
    private final int preRank;
    private final String preNum;
    private final String post;
    private final String dev;
    private final String[] local;

    PypiVersion(String raw, String legacy) {
      super(raw);
      this.legacy = legacy;
      this.epoch = null;
      this.release = null;
      this.preRank = -1;
      this.preNum = null;
      this.post = null;
      this.dev = null;
      this.local = null;
    }

    PypiVersion(
        String raw,
        String epoch,
        String[] release,
        int preRank,
        String preNum,
        String post,
        String dev,
        String[] local) {
      super(raw);
      this.legacy = null;
      this.epoch = epoch;
      this.release = release;
      this.preRank = preRank;
      this.preNum = preNum;
      this.post = post;
      this.dev = dev;
      this.local = local;
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public String note() {
      return legacy == null
          ? null
          : "not a PEP 440 version: ordered as a legacy version, before every PEP 440 version";
    }

    @Override
    protected int compareValid(Version o) {
      PypiVersion w = (PypiVersion) o;
      if (legacy != null || w.legacy != null) {
        if (legacy == null) {
          return 1;
        }
        if (w.legacy == null) {
          return -1;
        }
        return legacy.compareTo(w.legacy);
      }
      int c = Numbers.compare(epoch, w.epoch);
      if (c != 0) {
        return c;
      }
      int n = Math.max(release.length, w.release.length);
      for (int i = 0; i < n; i++) {
        c =
            Numbers.compare(
                i < release.length ? release[i] : "0", i < w.release.length ? w.release[i] : "0");
        if (c != 0) {
          return c;
        }
      }
      c = comparePre(w);
      if (c != 0) {
        return c;
      }
      c = compareOptional(post, w.post, -1);
      if (c != 0) {
        return c;
      }
      c = compareOptional(dev, w.dev, 1);
      if (c != 0) {
        return c;
      }
      return compareLocal(w);
    }

    /** A dev release with no pre or post sorts before every pre-release of its release. */
    private boolean devOnly() {
      return preNum == null && post == null && dev != null;
    }

    private int comparePre(PypiVersion w) {
      if (devOnly() || w.devOnly()) {
        return devOnly() == w.devOnly() ? 0 : devOnly() ? -1 : 1;
      }
      if (preNum == null || w.preNum == null) {
        return preNum == w.preNum ? 0 : preNum == null ? 1 : -1;
      }
      int c = Integer.compare(preRank, w.preRank);
      return c != 0 ? c : Numbers.compare(preNum, w.preNum);
    }

    /** Compares optional numbers; {@code absent} is the sign of "absent versus present". */
    private static int compareOptional(String a, String b, int absent) {
      if (a == null || b == null) {
        return a == b ? 0 : a == null ? absent : -absent;
      }
      return Numbers.compare(a, b);
    }

    private int compareLocal(PypiVersion w) {
      int n = Math.min(local.length, w.local.length);
      for (int i = 0; i < n; i++) {
        boolean an = Numbers.allDigits(local[i]);
        boolean bn = Numbers.allDigits(w.local[i]);
        int c;
        if (an && bn) {
          c = Numbers.compare(local[i], w.local[i]);
        } else if (an) {
          c = 1;
        } else if (bn) {
          c = -1;
        } else {
          c = local[i].compareTo(w.local[i]);
        }
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(local.length, w.local.length);
    }
  }
}
