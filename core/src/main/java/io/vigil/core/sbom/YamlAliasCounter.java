package io.vigil.core.sbom;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A YAML factory whose parsers count aliases ({@code *name}) and stop past a limit. Jackson never
 * expands an alias (it reads it as the anchor's name), so aliases cannot multiply a document; but a
 * few megabytes of aliases are a million values, each one work for the reader and the validator.
 */
final class YamlAliasCounter extends YAMLFactory {
  /** The start of the message of the exception thrown past the limit. */
  static final String MESSAGE = "too many YAML aliases";

  private final int maxAliases;

  YamlAliasCounter(LoaderOptions options, int maxAliases) {
    super(YAMLFactory.builder().loaderOptions(options));
    this.maxAliases = maxAliases;
  }

  @Override
  protected YAMLParser _createParser(byte[] data, int offset, int len, IOContext ctxt)
      throws IOException {
    return new Counting(
        ctxt,
        _parserFeatures,
        _yamlParserFeatures,
        _loaderOptions,
        _objectCodec,
        _createReader(data, offset, len, null, ctxt),
        maxAliases);
  }

  /** Counts aliases as they are read; every token, also of skipped values, passes here. */
  private static final class Counting extends YAMLParser {
    private final int max;
    private int aliases;

    Counting(
        IOContext ctxt,
        int parserFeatures,
        int formatFeatures,
        LoaderOptions options,
        ObjectCodec codec,
        Reader reader,
        int max) {
      super(ctxt, parserFeatures, formatFeatures, options, codec, reader);
      this.max = max;
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken t = super.nextToken();
      if (isCurrentAlias() && ++aliases > max) {
        throw new StreamConstraintsException(
            MESSAGE
                + ": more than "
                + max
                + " (the limit per SBOM; aliases are never expanded)"
                + " at line "
                + currentLocation().getLineNr());
      }
      return t;
    }
  }
}
