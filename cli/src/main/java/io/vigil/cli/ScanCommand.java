package io.vigil.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.osv.OsvFormatException;
import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.osv.SeverityScore;
import io.vigil.core.osvdb.OsvDatabase;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomParseException;
import io.vigil.core.sbom.SbomParser;
import io.vigil.core.scan.OfflineScanner;
import io.vigil.core.scan.ScanFinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Scan SBOMs offline against OSV records, like osv-scanner --offline.",
      "Prints one JSON object per line per (component, advisory): {\"purl\", \"advisory\", \"aliases\", \"vulnerability\", \"severity\", \"score\", \"fixed\"},",
      "plus {\"release\", \"reason\"} for a distro package (the release it was judged in, the source package used);",
      "a summary goes to stderr. Exit 0 unless --fail-on is met (exit 1); bad input exits 2."
    })
final class ScanCommand implements Callable<Integer> {

  @Option(
      names = "--advisories",
      required = true,
      arity = "1..*",
      paramLabel = "SOURCE",
      description =
          "OSV records: an all.zip-style archive, a directory of .json files, or one .json file. Repeatable; trailing SBOM files given after the sources are recognised as SBOMs.")
  List<Path> advisories = new ArrayList<>();

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description =
          "Exit 1 when a finding is at least this severe: LOW, MEDIUM, HIGH or CRITICAL. A finding of unknown severity counts as meeting any threshold.")
  String failOn;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "Where the prepared index of each advisory archive is kept between scans (default: $VIGIL_CACHE_DIR/osv-index, else $XDG_CACHE_HOME/vigil/osv-index, else ~/.cache/vigil/osv-index). Built by the first scan of an archive, rebuilt when it changes or is damaged.")
  Path cacheDir;

  @Option(
      names = "--no-index",
      description =
          "Read every advisory archive directly, whole, instead of through its prepared index.")
  boolean noIndex;

  @Parameters(paramLabel = "SBOM", arity = "0..*", description = "CycloneDX SBOMs to scan.")
  List<Path> sboms = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    int threshold = -1;
    if (failOn != null) {
      threshold = SeverityScore.rank(failOn.toUpperCase(Locale.ROOT));
      if (threshold < 1) {
        throw new UserError(
            "--fail-on must be LOW, MEDIUM, HIGH or CRITICAL, not '" + failOn + "'");
      }
    }
    splitTrailingSboms();
    if (sboms.isEmpty()) {
      throw new UserError("no SBOM given: vigil scan --advisories <zip|dir|file>... <sbom>...");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // the SBOMs first: only the records naming their packages are read in full (a distro feed
    // has tens of thousands of records, a few hundred of them about one image)
    List<SbomDocument> docs = new ArrayList<>();
    for (Path sbom : sboms) {
      try {
        docs.add(SbomParser.parse(sbom));
      } catch (SbomParseException e) {
        throw new UserError(sbom + ": " + e.getMessage());
      } catch (IOException e) {
        throw new UserError(sbom + ": cannot read: " + e.getMessage());
      }
    }
    List<OsvRecord> records;
    List<OsvReader.Notice> notices = new ArrayList<>();
    try {
      if (noIndex) {
        records =
            OsvReader.readAll(
                advisories, OfflineScanner.wantedBy(docs), notices::add, OsvReader.Limits.DEFAULT);
      } else {
        // archives through their prepared index: only the records naming the SBOMs' packages are
        // read, exactly the records and notices of the direct read
        OsvDatabase db =
            new OsvDatabase(
                cacheDir != null ? cacheDir : OsvDatabase.defaultDir(System.getenv()),
                m -> err.println("vigil scan: " + m));
        records =
            db.readAll(
                advisories,
                OfflineScanner.wantedKeys(docs),
                notices::add,
                OsvReader.Limits.DEFAULT);
      }
    } catch (OsvFormatException e) {
      throw new UserError(e.getMessage());
    }
    // the records ingest-advisories would dead-letter, and the parts it would drop: said, not
    // hidden
    notices.forEach(n -> err.println("vigil scan: " + n));
    OfflineScanner scanner = new OfflineScanner(records);
    ObjectMapper json = new ObjectMapper();
    boolean tripped = false;
    int findings = 0;
    for (int i = 0; i < sboms.size(); i++) {
      Path sbom = sboms.get(i);
      SbomDocument doc = docs.get(i);
      OfflineScanner.Stats stats = new OfflineScanner.Stats();
      for (ScanFinding f : scanner.scan(doc, stats)) {
        out.println(toJson(json, f));
        findings++;
        int rank = SeverityScore.rank(f.severity().rating());
        if (threshold > 0 && (rank < 0 || rank >= threshold)) {
          tripped = true;
        }
      }
      err.printf(
          "vigil scan: %s: %d components (%d without purl, %d with an unparseable purl, %d of a type with no OSV ecosystem), %d indeterminate matches%n",
          sbom,
          stats.components,
          stats.withoutPurl,
          stats.unparseablePurl,
          stats.unsupportedType,
          stats.indeterminate);
      if (System.getenv("VIGIL_DEBUG") != null) {
        stats.notes.forEach(n -> err.println("vigil scan:   " + n));
      }
    }
    err.printf(
        "vigil scan: %d findings from %d advisories (%d withdrawn, ignored; %d records skipped as unusable)%n",
        findings,
        scanner.advisoryCount(),
        scanner.withdrawnCount(),
        notices.stream().filter(OsvReader.Notice::skipped).count());
    out.flush();
    err.flush();
    return tripped ? 1 : 0;
  }

  /**
   * Moves SBOM files that picocli collected as trailing {@code --advisories} values to the SBOMs.
   */
  private void splitTrailingSboms() {
    List<Path> trailing = new ArrayList<>();
    while (advisories.size() > 1 && looksLikeSbom(advisories.get(advisories.size() - 1))) {
      trailing.add(0, advisories.remove(advisories.size() - 1));
    }
    trailing.addAll(sboms);
    sboms = trailing;
  }

  static boolean looksLikeSbom(Path p) {
    if (!Files.isRegularFile(p) || p.toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return false;
    }
    byte[] head = new byte[8192];
    int n;
    try (InputStream in = Files.newInputStream(p)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return false;
    }
    String s = new String(head, 0, n, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
    if (s.startsWith("<")
        || s.contains("\"bomFormat\"")
        || s.contains("\"spdxVersion\"")
        || s.startsWith("SPDXVersion:")) {
      return true;
    }
    return s.startsWith("{") && hasTopLevelSbomField(p);
  }

  /**
   * Whether a JSON document has {@code bomFormat} or {@code spdxVersion} among its top-level fields
   * (they may come after megabytes of {@code files} in SPDX): a streaming pass that skips every
   * nested value. False when it is not JSON.
   */
  private static boolean hasTopLevelSbomField(Path p) {
    try (JsonParser parser = new JsonFactory().createParser(p.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (name.equals("bomFormat") || name.equals("spdxVersion")) {
          return true;
        }
        parser.nextToken();
        parser.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static String toJson(ObjectMapper json, ScanFinding f) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = json.getFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("purl", f.purl());
      g.writeStringField("advisory", f.advisory());
      g.writeArrayFieldStart("aliases");
      for (String a : f.aliases()) {
        g.writeString(a);
      }
      g.writeEndArray();
      g.writeStringField("vulnerability", f.vulnerabilityId());
      g.writeStringField("severity", f.severity().rating());
      if (f.severity().score() != null) {
        g.writeNumberField("score", f.severity().score());
      }
      g.writeArrayFieldStart("fixed");
      for (String v : f.fixed()) {
        g.writeString(v);
      }
      g.writeEndArray();
      if (f.result().release() != null) {
        // a distro package: the release it was judged in, and why (naming the source package)
        g.writeStringField("release", f.result().release());
        g.writeStringField("reason", f.result().reason());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }
}
