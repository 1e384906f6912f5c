package io.vigil.platform.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:/path}} references in configuration strings, so
 * secrets live in the environment or in mounted files, never in the config file itself. {@code
 * ${env:NAME:-default}} gives a default. A missing variable or file is an error naming it.
 */
public final class References {
  private static final Pattern REF = Pattern.compile("\\$\\{(env|file):([^}:]+)(?::-([^}]*))?}");

  private final Map<String, String> env;

  public References(Map<String, String> env) {
    this.env = env;
  }

  public static References system() {
    return new References(System.getenv());
  }

  /** The string with every reference replaced. */
  public String resolve(String raw, String where) {
    if (raw == null || !raw.contains("${")) {
      return raw;
    }
    Matcher m = REF.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String name = m.group(2);
      String dflt = m.group(3);
      String value;
      if (kind.equals("env")) {
        value = env.get(name);
        if (value == null) {
          value = dflt;
        }
        if (value == null) {
          throw new ConfigException(where + ": environment variable " + name + " is not set");
        }
      } else {
        Path p = Path.of(name);
        if (!Files.isReadable(p)) {
          if (dflt != null) {
            value = dflt;
          } else {
            throw new ConfigException(
                where + ": secret file " + p + " does not exist or is unreadable");
          }
        } else {
          try {
            value = Files.readString(p, StandardCharsets.UTF_8).strip();
          } catch (IOException e) {
            throw new ConfigException(where + ": cannot read " + p + ": " + e.getMessage(), e);
          }
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A secret from a raw config string, remembering where it came from (for safe logging). */
  public Secret secret(String raw, String where) {
    String source = "inline";
    Matcher m = REF.matcher(raw == null ? "" : raw);
    if (m.find()) {
      source = m.group(1) + ":" + m.group(2);
    }
    return Secret.of(resolve(raw, where), source);
  }
}
