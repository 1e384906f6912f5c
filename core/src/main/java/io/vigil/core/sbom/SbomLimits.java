package io.vigil.core.sbom;

/**
 * How much work one document may ask of the parser, so that no document (valid or hostile) can
 * exhaust the heap or hold a thread for long: past a limit the parser stops at once with a {@link
 * SbomParseException} that names the limit and where it was reached.
 *
 * <p>The defaults fit the shipped ingest-sbom heap (see ingest-sbom's README, "Limits": how they
 * were measured and what a larger heap allows).
 *
 * @param maxComponents components per document, nested ones included (CycloneDX components, SPDX
 *     packages; an SPDX package with several purls counts once per purl)
 * @param maxTokens JSON and YAML tokens per document ({@code {}, }, [, ]}, each key and each value
 *     count one, skipped members included), XML elements, or tag-value lines
 * @param maxYamlAliases YAML aliases ({@code *name}) per document; they are never expanded
 */
public record SbomLimits(int maxComponents, long maxTokens, int maxYamlAliases) {
  /** The limits {@link SbomParser#parse(byte[])} applies. */
  public static final SbomLimits DEFAULT = new SbomLimits(100_000, 4_000_000L, 1_000);

  public SbomLimits {
    if (maxComponents < 1 || maxTokens < 1 || maxYamlAliases < 0) {
      throw new IllegalArgumentException(
          "SBOM limits must be positive: components "
              + maxComponents
              + ", tokens "
              + maxTokens
              + ", YAML aliases "
              + maxYamlAliases);
    }
  }

  /** A limit was reached: the message says which and where. */
  static final class Exceeded extends RuntimeException {
    Exceeded(String message) {
      super(message, null, false, false);
    }
  }

  /** Fails once a document has more than {@link #maxComponents} components. */
  void checkComponents(int count, String where) {
    if (count > maxComponents) {
      throw new Exceeded(
          "the document has more than "
              + maxComponents
              + " components (the limit per SBOM), at "
              + where);
    }
  }

  /** Fails once a document has more than {@link #maxTokens} tokens. */
  void checkTokens(long count, String unit, String where) {
    if (count > maxTokens) {
      throw new Exceeded(
          "the document has more than "
              + maxTokens
              + " "
              + unit
              + " (the limit per SBOM)"
              + (where == null ? "" : ", at " + where));
    }
  }
}
