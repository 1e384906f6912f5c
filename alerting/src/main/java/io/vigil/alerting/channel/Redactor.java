package io.vigil.alerting.channel;

import io.vigil.platform.config.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes a channel's secrets from any text before it is logged, recorded in the delivery log or
 * the DLQ, or put in an exception: the values themselves, their URL-encoded forms and, for secret
 * URLs, their path and query (servers echo paths back).
 */
public final class Redactor {
  public static final String MASK = "[redacted]";
  private final List<String> needles;

  private Redactor(List<String> needles) {
    this.needles = needles;
  }

  public static Redactor of(Secret... secrets) {
    return of(List.of(secrets));
  }

  public static Redactor of(Iterable<Secret> secrets) {
    Set<String> n = new LinkedHashSet<>();
    for (Secret s : secrets) {
      if (s == null || s.isBlank()) {
        continue;
      }
      String v = s.reveal();
      n.add(v);
      n.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
      try {
        URI u = URI.create(v);
        if (u.getRawPath() != null && u.getRawPath().length() > 1) {
          n.add(u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
          n.add(u.getRawPath());
        }
        if (u.getRawQuery() != null && !u.getRawQuery().isEmpty()) {
          n.add(u.getRawQuery());
        }
      } catch (IllegalArgumentException notAUrl) {
        // a token, not a URL: the value itself is enough
      }
    }
    List<String> sorted = new ArrayList<>(n);
    sorted.removeIf(x -> x.length() < 4);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(sorted));
  }

  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String n : needles) {
      out = out.replace(n, MASK);
    }
    return out;
  }
}
