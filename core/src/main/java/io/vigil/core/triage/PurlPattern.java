package io.vigil.core.triage;

import io.vigil.core.purl.MalformedPurlException;
import io.vigil.core.purl.Purl;
import java.util.Map;
import java.util.Objects;

/**
 * A purl that matches components: every part it states must be equal, every part it leaves out
 * matches anything. {@code pkg:maven/org.apache.logging.log4j/log4j-core} matches every version of
 * log4j-core; {@code pkg:deb/debian/openssl@3.0.9-1} matches that version with any qualifiers;
 * {@code pkg:oci/app?repository_url=ghcr.io/acme} only components carrying that qualifier value.
 *
 * <p>Both sides are parsed by {@link Purl#parse}, so type-specific normalisation (PyPI names,
 * lower-case types and qualifier keys, percent-encoding) never decides a match. Versions are
 * compared as strings (decoded), as a VEX statement or a triage decision names them.
 *
 * @param purl the pattern (its version, qualifiers and subpath may be absent)
 */
public record PurlPattern(Purl purl) implements ComponentMatcher {

  public PurlPattern {
    Objects.requireNonNull(purl, "purl");
  }

  /**
   * Parses a pattern.
   *
   * @throws MalformedPurlException when the text is not a purl
   */
  public static PurlPattern parse(String text) {
    return new PurlPattern(Purl.parse(text));
  }

  /** True when the pattern names one version (it matches a single release). */
  public boolean hasVersion() {
    return purl.version() != null;
  }

  /** Does the component with this purl match? A null or unparseable purl never matches. */
  public boolean matches(String componentPurl) {
    if (componentPurl == null) {
      return false;
    }
    try {
      return matches(Purl.parse(componentPurl));
    } catch (MalformedPurlException e) {
      return false;
    }
  }

  /** Does the component with this parsed purl match? */
  public boolean matches(Purl component) {
    if (!purl.type().equals(component.type())
        || !Objects.equals(purl.namespace(), component.namespace())
        || !purl.name().equals(component.name())) {
      return false;
    }
    if (purl.version() != null && !purl.version().equals(component.version())) {
      return false;
    }
    for (Map.Entry<String, String> q : purl.qualifiers().entrySet()) {
      if (!q.getValue().equals(component.qualifiers().get(q.getKey()))) {
        return false;
      }
    }
    return purl.subpath() == null || purl.subpath().equals(component.subpath());
  }

  @Override
  public boolean matches(ExposureRef exposure) {
    return exposure.parsedPurl().map(this::matches).orElse(false);
  }

  /** The canonical purl string of the pattern. */
  @Override
  public String asString() {
    return purl.toString();
  }

  @Override
  public String toString() {
    return asString();
  }
}
