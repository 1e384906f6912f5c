package io.vigil.core.vex;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The VEX fixtures bundled under {@code src/test/resources/vex} (provenance in PROVENANCE.md). */
final class VexFixtures {
  private VexFixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = VexFixtures.class.getResourceAsStream("/vex/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture vex/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static VexDocument parse(String name) throws InvalidVexException {
    return VexParser.parse(bytes(name));
  }
}
