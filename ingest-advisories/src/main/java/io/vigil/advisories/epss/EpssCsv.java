package io.vigil.advisories.epss;

import io.vigil.events.v1.EpssScore;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Pure streaming parser of the FIRST EPSS daily CSV, gzip or plain (detected from the magic bytes):
 * an optional {@code #model_version:<v>,score_date:<RFC 3339>} comment, the header {@code
 * cve,epss,percentile}, then one row per CVE. A bad row is reported to the {@link Sink} with its
 * line number (it goes to the DLQ) and parsing continues.
 */
public final class EpssCsv {
  private EpssCsv() {}

  /** The file's header: model version and score date (null when the comment line is absent). */
  public record Header(String modelVersion, LocalDate scoreDate) {}

  /** Receives the header (once, before any row), each score and each bad row. */
  public interface Sink {
    void header(Header h) throws IOException;

    void score(EpssScore s) throws IOException;

    void bad(long line, String reason, String raw) throws IOException;
  }

  /** Thrown when the file is not an EPSS CSV at all. */
  public static final class InvalidEpssException extends IOException {
    public InvalidEpssException(String message) {
      super(message);
    }
  }

  public static void parse(InputStream raw, LocalDate fallbackDate, Instant now, Sink sink)
      throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    InputStream body = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    BufferedReader r =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
    String line;
    long n = 0;
    Header header = null;
    boolean columns = false;
    int cveCol = 0;
    int epssCol = 1;
    int pctCol = 2;
    while ((line = r.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        if (header == null) {
          header = header(line, fallbackDate);
        }
        continue;
      }
      if (!columns) {
        if (header == null) {
          header = new Header(null, fallbackDate);
        }
        if (header.scoreDate() == null) {
          throw new InvalidEpssException(
              "EPSS file has no score_date header and no date could be inferred");
        }
        sink.header(header);
        String[] cols = line.toLowerCase(Locale.ROOT).split(",");
        cveCol = indexOf(cols, "cve");
        epssCol = indexOf(cols, "epss");
        pctCol = indexOf(cols, "percentile");
        if (cveCol < 0 || epssCol < 0) {
          throw new InvalidEpssException(
              "line " + n + ": expected a header with cve,epss[,percentile], got '" + line + "'");
        }
        columns = true;
        continue;
      }
      String[] f = line.split(",", -1);
      try {
        String cve = f[cveCol].trim();
        if (!cve.startsWith("CVE-")) {
          sink.bad(n, "line " + n + ": '" + cve + "' is not a CVE id", line);
          continue;
        }
        double epss = Double.parseDouble(f[epssCol].trim());
        double pct = pctCol < 0 ? Double.NaN : Double.parseDouble(f[pctCol].trim());
        if (!(epss >= 0 && epss <= 1) || pctCol >= 0 && !(pct >= 0 && pct <= 1)) {
          sink.bad(n, "line " + n + ": epss/percentile out of 0..1", line);
          continue;
        }
        sink.score(
            EpssScore.newBuilder()
                .setCveId(cve)
                .setEpss(epss)
                .setPercentile(pctCol < 0 ? 0.0 : pct)
                .setScoreDate(header.scoreDate())
                .setModelVersion(header.modelVersion())
                .setIngestedAt(now)
                .build());
      } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
        sink.bad(n, "line " + n + ": not cve,epss,percentile: " + e.getMessage(), line);
      }
    }
    if (!columns) {
      throw new InvalidEpssException("EPSS file has no cve,epss,percentile header");
    }
  }

  /** {@code #model_version:v2023.03.01,score_date:2023-03-05T00:00:00+0000}. */
  static Header header(String line, LocalDate fallback) {
    String model = null;
    LocalDate date = fallback;
    for (String part : line.substring(1).split(",")) {
      int colon = part.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String k = part.substring(0, colon).trim();
      String v = part.substring(colon + 1).trim();
      if (k.equals("model_version")) {
        model = v;
      } else if (k.equals("score_date") && v.length() >= 10) {
        try {
          date = LocalDate.parse(v.substring(0, 10));
        } catch (DateTimeParseException ignored) {
          // keep the fallback
        }
      }
    }
    return new Header(model, date);
  }

  private static int indexOf(String[] cols, String name) {
    for (int i = 0; i < cols.length; i++) {
      if (cols[i].trim().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
