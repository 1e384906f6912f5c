package io.vigil.sbom.coverage;

import io.vigil.core.coverage.MinimumElement;
import io.vigil.core.coverage.SbomCoverage;
import io.vigil.core.sbom.SbomDocument;

/** Core's {@link SbomCoverage} of a document, in its wire form. Pure. */
public final class Coverages {
  private Coverages() {}

  public static io.vigil.events.v1.SbomCoverage of(SbomDocument document) {
    return avro(SbomCoverage.of(document));
  }

  public static io.vigil.events.v1.SbomCoverage avro(SbomCoverage c) {
    return io.vigil.events.v1.SbomCoverage.newBuilder()
        .setScore(c.score())
        .setComponents(c.components())
        .setComponentsWithoutPurl(c.componentsWithoutPurl())
        .setWithSupplier(c.present().get(MinimumElement.SUPPLIER))
        .setWithName(c.present().get(MinimumElement.NAME))
        .setWithVersion(c.present().get(MinimumElement.VERSION))
        .setWithIdentifier(c.present().get(MinimumElement.IDENTIFIER))
        .setWithHash(c.present().get(MinimumElement.HASH))
        .setWithLicense(c.present().get(MinimumElement.LICENSE))
        .setWithDependency(c.present().get(MinimumElement.DEPENDENCY))
        .setHasAuthor(c.present().get(MinimumElement.AUTHOR) == 1)
        .setHasTimestamp(c.present().get(MinimumElement.TIMESTAMP) == 1)
        .setHasTool(c.present().get(MinimumElement.TOOL) == 1)
        .build();
  }
}
