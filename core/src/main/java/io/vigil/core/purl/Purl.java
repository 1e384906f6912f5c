package io.vigil.core.purl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A package URL (ECMA-427 / purl-spec): decoded components plus the canonical string.
 *
 * <p>{@link #parse} follows the spec's parsing algorithm and applies the type-specific
 * normalisations and checks the purl-spec test suite requires (lower-casing for github, bitbucket,
 * composer, pypi, brew, git...; namespace rules for otp, vcpkg, vscode-extension; name rules for
 * cpan, chrome-extension, julia). Qualifier keys are lower-cased, empty qualifier values dropped.
 * {@link #toString()} is the canonical form: lower-case type, sorted qualifiers, each component
 * percent-encoded except {@code A-Z a-z 0-9 . - _ ~ :}, subpath without empty, {@code .} and {@code
 * ..} segments.
 *
 * @param type lower-case type
 * @param namespace decoded namespace segments joined by {@code /}, or null
 * @param name decoded name
 * @param version decoded version, or null
 * @param qualifiers decoded qualifiers, sorted by key (never null)
 * @param subpath decoded subpath, or null
 */
public record Purl(
    String type,
    String namespace,
    String name,
    String version,
    SortedMap<String, String> qualifiers,
    String subpath) {

  private static final Pattern TYPE = Pattern.compile("[a-zA-Z.+-][a-zA-Z0-9.+-]*");
  private static final Pattern KEY = Pattern.compile("[a-zA-Z.\\-_][a-zA-Z0-9.\\-_]*");
  private static final Pattern CHROME_ID = Pattern.compile("[a-p]{32}");
  private static final Pattern CHROME_VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}");

  public Purl {
    qualifiers =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(qualifiers == null ? Map.of() : qualifiers));
  }

  /** Parses a purl string (leniently as to case of type and qualifier keys). */
  public static Purl parse(String purl) {
    if (purl == null || purl.isEmpty()) {
      throw new MalformedPurlException("empty purl");
    }
    String s = purl.strip();
    String subpath = null;
    int hash = s.indexOf('#');
    if (hash >= 0) {
      subpath = parseSubpath(s.substring(hash + 1));
      s = s.substring(0, hash);
    }
    Map<String, String> qualifiers = new TreeMap<>();
    int q = s.indexOf('?');
    if (q >= 0) {
      parseQualifiers(s.substring(q + 1), qualifiers);
      s = s.substring(0, q);
    }
    int colon = s.indexOf(':');
    if (colon < 0 || !s.substring(0, colon).equalsIgnoreCase("pkg")) {
      throw new MalformedPurlException("a purl starts with 'pkg:'");
    }
    s = s.substring(colon + 1);
    int i = 0;
    while (i < s.length() && s.charAt(i) == '/') {
      i++;
    }
    s = s.substring(i);
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new MalformedPurlException("no '/' after the type: a purl needs a type and a name");
    }
    String type = s.substring(0, slash);
    s = s.substring(slash + 1);
    String version = null;
    int lastSlash = s.lastIndexOf('/');
    int at = s.lastIndexOf('@');
    if (at > lastSlash) {
      version = decode(s.substring(at + 1));
      s = s.substring(0, at);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    lastSlash = s.lastIndexOf('/');
    String rawName = lastSlash < 0 ? s : s.substring(lastSlash + 1);
    String namespace = null;
    if (lastSlash >= 0) {
      List<String> segments = new ArrayList<>();
      for (String seg : s.substring(0, lastSlash).split("/")) {
        if (!seg.isEmpty()) {
          String d = decode(seg);
          if (d.indexOf('/') >= 0) {
            throw new MalformedPurlException("a namespace segment contains an encoded '/'");
          }
          segments.add(d);
        }
      }
      namespace = segments.isEmpty() ? null : String.join("/", segments);
    }
    String name = decode(rawName);
    if (type.toLowerCase(Locale.ROOT).equals("git")
        && namespace != null
        && namespace.contains("/")) {
      int first = namespace.indexOf('/');
      name = namespace.substring(first + 1) + "/" + name;
      namespace = namespace.substring(0, first);
    }
    return of(type, namespace, name, version, qualifiers, subpath);
  }

  /**
   * Builds a purl from decoded components, validating and normalising them as {@link #parse} does.
   */
  public static Purl of(
      String type,
      String namespace,
      String name,
      String version,
      Map<String, String> qualifiers,
      String subpath) {
    if (type == null || type.isEmpty()) {
      throw new MalformedPurlException("a purl needs a type");
    }
    if (!TYPE.matcher(type).matches()) {
      throw new MalformedPurlException("type '" + type + "' is not [a-zA-Z.+-][a-zA-Z0-9.+-]*");
    }
    type = type.toLowerCase(Locale.ROOT);
    if (name == null || name.isEmpty()) {
      throw new MalformedPurlException("a purl needs a name");
    }
    if (namespace != null && namespace.isEmpty()) {
      namespace = null;
    }
    if (version != null && version.isEmpty()) {
      version = null;
    }
    if (subpath != null && subpath.isEmpty()) {
      subpath = null;
    }
    SortedMap<String, String> q = new TreeMap<>();
    if (qualifiers != null) {
      for (Map.Entry<String, String> e : qualifiers.entrySet()) {
        String key = e.getKey();
        if (key == null || !KEY.matcher(key).matches()) {
          throw new MalformedPurlException(
              "qualifier key '" + key + "' is not [a-zA-Z.-_][a-zA-Z0-9.-_]*");
        }
        if (e.getValue() != null && !e.getValue().isEmpty()) {
          q.put(key.toLowerCase(Locale.ROOT), e.getValue());
        }
      }
    }
    String lowerNs = namespace == null ? null : namespace.toLowerCase(Locale.ROOT);
    String lowerName = name.toLowerCase(Locale.ROOT);
    switch (type) {
      case "bitbucket", "github", "composer", "brew", "git", "hex", "pub" -> {
        namespace = lowerNs;
        name = lowerName;
      }
      case "pypi" -> name = lowerName.replace('_', '-');
      case "huggingface" -> version = version == null ? null : version.toLowerCase(Locale.ROOT);
      case "mlflow" -> {
        String repo = q.getOrDefault("repository_url", "");
        if (repo.contains("azuredatabricks.net")) {
          name = lowerName;
        }
      }
      case "otp", "vcpkg" -> {
        if (namespace != null) {
          throw new MalformedPurlException(type + " purls have no namespace");
        }
      }
      case "vscode-extension" -> {
        if (namespace == null) {
          throw new MalformedPurlException(
              "vscode-extension purls need a namespace (the publisher)");
        }
      }
      case "swift" -> {
        if (namespace == null) {
          throw new MalformedPurlException(
              "swift purls need a namespace (the repository host and owner)");
        }
      }
      case "cpan" -> {
        if (name.contains("::")) {
          throw new MalformedPurlException(
              "a cpan purl names the distribution (Foo-Bar), not the module (Foo::Bar)");
        }
      }
      case "julia" -> {
        if (!q.containsKey("uuid")) {
          throw new MalformedPurlException("julia purls need the 'uuid' qualifier");
        }
      }
      case "chrome-extension" -> {
        if (!CHROME_ID.matcher(name).matches()) {
          throw new MalformedPurlException("a chrome-extension name is 32 letters a-p");
        }
        if (version != null && !CHROME_VERSION.matcher(version).matches()) {
          throw new MalformedPurlException(
              "a chrome-extension version is 1 to 4 dot-separated integers");
        }
      }
      case "conan" -> {
        if ((namespace == null) != !q.containsKey("channel")) {
          throw new MalformedPurlException(
              "a conan purl has a namespace (user) exactly when it has a channel");
        }
      }
      default -> {}
    }
    return new Purl(type, namespace, name, version, q, subpath);
  }

  private static String parseSubpath(String raw) {
    List<String> segments = new ArrayList<>();
    for (String seg : raw.split("/")) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        continue;
      }
      String d = decode(seg);
      if (d.equals(".") || d.equals("..")) {
        continue;
      }
      segments.add(d);
    }
    return segments.isEmpty() ? null : String.join("/", segments);
  }

  private static void parseQualifiers(String raw, Map<String, String> out) {
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new MalformedPurlException("qualifier '" + pair + "' is not key=value");
      }
      String key = pair.substring(0, eq);
      if (!KEY.matcher(key).matches()) {
        throw new MalformedPurlException(
            "qualifier key '" + key + "' is not [a-zA-Z.-_][a-zA-Z0-9.-_]*");
      }
      key = key.toLowerCase(Locale.ROOT);
      if (out.containsKey(key)) {
        throw new MalformedPurlException("qualifier '" + key + "' appears twice");
      }
      String value = decode(pair.substring(eq + 1));
      if (!value.isEmpty()) {
        out.put(key, value);
      }
    }
  }

  /** Percent-decoding ({@code +} stays a plus sign). */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new MalformedPurlException("bad percent-encoding '" + s.substring(i, i + 3) + "'");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c == '%') {
        throw new MalformedPurlException("truncated percent-encoding at the end of '" + s + "'");
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Percent-encodes everything but {@code A-Z a-z 0-9 . - _ ~ :} (and {@code /} when asked). */
  static String encode(String s, boolean keepSlash) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '-'
          || c == '_'
          || c == '~'
          || c == ':'
          || (keepSlash && c == '/')) {
        b.append((char) c);
      } else {
        b.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  private static String encodeSegments(String s) {
    StringBuilder b = new StringBuilder();
    for (String seg : s.split("/")) {
      if (!seg.isEmpty()) {
        if (b.length() > 0) {
          b.append('/');
        }
        b.append(encode(seg, false));
      }
    }
    return b.toString();
  }

  /** The canonical purl string. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("pkg:").append(type).append('/');
    if (namespace != null) {
      b.append(encodeSegments(namespace)).append('/');
    }
    b.append(type.equals("git") ? encodeSegments(name) : encode(name, false));
    if (version != null) {
      b.append('@').append(encode(version, false));
    }
    if (!qualifiers.isEmpty()) {
      char sep = '?';
      for (Map.Entry<String, String> e : qualifiers.entrySet()) {
        b.append(sep).append(e.getKey()).append('=').append(encode(e.getValue(), false));
        sep = '&';
      }
    }
    if (subpath != null) {
      b.append('#').append(encodeSegments(subpath));
    }
    return b.toString();
  }

  /** A qualifier value, or null. */
  public String qualifier(String key) {
    return qualifiers.get(key);
  }
}
