package io.vigil.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Debian OSV feed of realistic size and shape, and a container-image SBOM of one Debian 12 image
 * to scan against it. The shared data has only five Debian records, so the "full distro feed" of
 * the scan benchmark is generated (deterministic for a seed):
 *
 * <ul>
 *   <li><b>feed</b>: N records shaped like osv.dev's {@code DEBIAN-CVE-*} records — one per CVE, an
 *       {@code upstream} CVE id, a paragraph of details, a reference, and one {@code affected}
 *       entry per release ({@code Debian:11}, {@code Debian:12}, {@code Debian:13}, each present
 *       with probability 0.9) for a source package with its {@code purl}, an ECOSYSTEM range {@code
 *       introduced 0} → {@code fixed} (no fix for 15%), and the enumerated {@code versions} below
 *       the fix (up to 12), as the Debian converter writes them. CVEs per source package follow a
 *       Zipf-like law over 3,000 packages (the kernel, browsers and a few libraries get most, as in
 *       the security tracker);
 *   <li><b>SBOM</b>: a syft-style CycloneDX 1.5 JSON of a Debian 12 image with M binary packages
 *       built from the more popular source packages (1–4 binaries each, {@code upstream=} qualifier
 *       when the binary's name differs, {@code upstream=src@version} for a binNMU {@code +b1}
 *       build), each at some version of its source's Debian 12 history, so a part of the feed
 *       affects it.
 * </ul>
 */
public final class SyntheticDistroFeed {
  private SyntheticDistroFeed() {}

  static final int SOURCE_PACKAGES = 3_000;
  private static final String[] RELEASES = {"11", "12", "13"};
  private static final String[] REAL_NAMES = {
    "linux",
    "chromium",
    "firefox-esr",
    "thunderbird",
    "openjdk-17",
    "webkit2gtk",
    "imagemagick",
    "php8.2",
    "openssl",
    "glibc",
    "curl",
    "libxml2",
    "python3.11",
    "tiff",
    "vim",
    "qemu",
    "ffmpeg",
    "postgresql-15",
    "mariadb",
    "samba",
    "nginx",
    "apache2",
    "git",
    "systemd",
    "krb5",
    "gnutls28",
    "expat",
    "zlib",
    "sqlite3",
    "libpng1.6",
    "libjpeg-turbo",
    "freetype",
    "gnupg2",
    "perl",
    "bash",
    "coreutils",
    "tar",
    "xz-utils",
    "util-linux",
    "e2fsprogs",
    "shadow",
    "pam",
    "sudo",
    "openssh",
    "ncurses",
    "readline",
    "libgcrypt20",
    "nettle",
    "p11-kit",
    "libtasn1-6",
    "gcc-12",
    "binutils",
    "dpkg",
    "apt",
    "tzdata",
    "ca-certificates",
    "libidn2",
    "nghttp2",
    "libssh2",
    "cyrus-sasl2",
    "openldap",
    "libseccomp",
    "libcap2",
    "icu",
    "pcre2",
    "lz4",
    "zstd",
    "bzip2"
  };

  /** Source package {@code i}: its name and the upstream version it has in each release. */
  record Source(String name, String[] upstream) {

    /** The k-th Debian version of this source in a release ({@code 1.2.3-1+deb12u4}). */
    String version(int release, int k) {
      String r = RELEASES[release];
      String base = upstream[release] + "-" + (1 + k / 7);
      return r.equals("13") ? base + "." + (k % 7) : base + "+deb" + r + "u" + (k % 7 + 1);
    }
  }

  static List<Source> sources(long seed) {
    Random rnd = new Random(seed);
    List<Source> out = new ArrayList<>(SOURCE_PACKAGES);
    for (int i = 0; i < SOURCE_PACKAGES; i++) {
      String name = i < REAL_NAMES.length ? REAL_NAMES[i] : "src" + i + "-" + (char) ('a' + i % 26);
      int major = rnd.nextInt(12);
      int minor = rnd.nextInt(30);
      String[] up = new String[RELEASES.length];
      for (int r = 0; r < RELEASES.length; r++) {
        up[r] = major + "." + (minor + r) + "." + rnd.nextInt(20);
      }
      out.add(new Source(name, up));
    }
    return out;
  }

  /** A Zipf-like pick: source 0 is the most frequent. */
  static int popular(Random rnd, int n) {
    double u = rnd.nextDouble();
    return Math.min(n - 1, (int) Math.floor(Math.pow(n + 1.0, u)) - 1);
  }

  /** Writes the feed as an osv.dev-style zip (one {@code <id>.json} per record). */
  static long writeFeed(Path zip, int records, long seed) throws Exception {
    List<Source> sources = sources(seed);
    Random rnd = new Random(seed + 1);
    int[] cvesSoFar = new int[SOURCE_PACKAGES];
    JsonFactory factory = new JsonFactory();
    long jsonBytes = 0;
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < records; i++) {
        int s = popular(rnd, SOURCE_PACKAGES);
        Source src = sources.get(s);
        int k = 2 + cvesSoFar[s]++ % 60; // later CVEs of a package are fixed in later versions
        String cve = "CVE-" + (2015 + i % 11) + "-" + (10_000 + i);
        String id = "DEBIAN-" + cve;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(3_000);
        try (JsonGenerator g = factory.createGenerator(buf, JsonEncoding.UTF8)) {
          g.useDefaultPrettyPrinter();
          g.writeStartObject();
          g.writeStringField("schema_version", "1.7.0");
          g.writeStringField("id", id);
          g.writeStringField("modified", "2025-06-0" + (1 + i % 9) + "T10:00:00Z");
          g.writeStringField("published", "20" + (15 + i % 11) + "-03-01T00:00:00Z");
          g.writeArrayFieldStart("upstream");
          g.writeString(cve);
          g.writeEndArray();
          g.writeStringField(
              "details",
              "A flaw was found in "
                  + src.name()
                  + " where a crafted input could cause an out-of-bounds read or write in the"
                  + " parser, allowing a remote attacker to crash the application or possibly"
                  + " execute code. This synthetic record stands in for a Debian security tracker"
                  + " entry of the same shape.");
          g.writeArrayFieldStart("affected");
          for (int r = 0; r < RELEASES.length; r++) {
            if (rnd.nextDouble() >= 0.9) {
              continue;
            }
            g.writeStartObject();
            g.writeObjectFieldStart("package");
            g.writeStringField("ecosystem", "Debian:" + RELEASES[r]);
            g.writeStringField("name", src.name());
            g.writeStringField("purl", "pkg:deb/debian/" + src.name() + "?arch=source");
            g.writeEndObject();
            boolean fixed = rnd.nextDouble() >= 0.15;
            g.writeArrayFieldStart("ranges");
            g.writeStartObject();
            g.writeStringField("type", "ECOSYSTEM");
            g.writeArrayFieldStart("events");
            g.writeStartObject();
            g.writeStringField("introduced", "0");
            g.writeEndObject();
            if (fixed) {
              g.writeStartObject();
              g.writeStringField("fixed", src.version(r, k));
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("versions");
            for (int j = Math.max(0, k - 12); j < k; j++) {
              g.writeString(src.version(r, j));
            }
            g.writeEndArray();
            g.writeObjectFieldStart("database_specific");
            g.writeStringField("urgency", fixed ? "not yet assigned" : "unimportant");
            g.writeEndObject();
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeArrayFieldStart("references");
          g.writeStartObject();
          g.writeStringField("type", "ADVISORY");
          g.writeStringField("url", "https://security-tracker.debian.org/tracker/" + cve);
          g.writeEndObject();
          g.writeEndArray();
          g.writeEndObject();
        }
        out.putNextEntry(new ZipEntry(id + ".json"));
        buf.writeTo(out);
        out.closeEntry();
        jsonBytes += buf.size();
      }
    }
    return jsonBytes;
  }

  /** Writes the image SBOM: {@code packages} binary packages of a Debian 12 image. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target");
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int packages = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    System.out.println(writeFeed(dir.resolve("Debian.zip"), records, 7L) + " bytes of JSON");
    writeImageSbom(dir.resolve("debian12-image.cdx.json"), packages, 7L);
  }

  static void writeImageSbom(Path file, int packages, long seed) throws Exception {
    List<Source> sources = sources(seed);
    Random rnd = new Random(seed + 2);
    try (OutputStream os = Files.newOutputStream(file);
        JsonGenerator g = new JsonFactory().createGenerator(os, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("bomFormat", "CycloneDX");
      g.writeStringField("specVersion", "1.5");
      g.writeNumberField("version", 1);
      g.writeObjectFieldStart("metadata");
      g.writeObjectFieldStart("component");
      g.writeStringField("type", "container");
      g.writeStringField("bom-ref", "image");
      g.writeStringField("name", "registry.example/debian12-app");
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("components");
      java.util.Set<Integer> used = new java.util.HashSet<>();
      int written = 0;
      while (written < packages) {
        // an image ships the commoner sources, but not the kernel, the browsers and the JDK (the
        // first ten), and is a few months old: its packages are a few updates behind
        int s = 10 + popular(rnd, 600);
        if (!used.add(s)) {
          continue;
        }
        Source src = sources.get(s);
        int k = 48 + rnd.nextInt(14);
        String version = src.version(1, k);
        int binaries = 1 + rnd.nextInt(4);
        for (int b = 0; b < binaries && written < packages; b++, written++) {
          String bin = b == 0 ? src.name() : "lib" + src.name() + (b == 1 ? "" : "-" + b);
          boolean binNmu = b > 0 && rnd.nextInt(5) == 0;
          String binVersion = binNmu ? version + "+b1" : version;
          StringBuilder purl =
              new StringBuilder("pkg:deb/debian/")
                  .append(bin)
                  .append('@')
                  .append(binVersion)
                  .append("?arch=amd64");
          if (binNmu) {
            purl.append("&upstream=").append(src.name()).append("%40").append(version);
          } else if (b > 0) {
            purl.append("&upstream=").append(src.name());
          }
          purl.append("&distro=debian-12.5");
          g.writeStartObject();
          g.writeStringField("type", "library");
          g.writeStringField("bom-ref", purl + "&package-id=" + Integer.toHexString(written));
          g.writeStringField("name", bin);
          g.writeStringField("version", binVersion);
          g.writeStringField("purl", purl.toString());
          g.writeArrayFieldStart("properties");
          g.writeStartObject();
          g.writeStringField("name", "syft:package:type");
          g.writeStringField("value", "deb");
          g.writeEndObject();
          if (b > 0) {
            g.writeStartObject();
            g.writeStringField("name", "syft:metadata:source");
            g.writeStringField("value", src.name());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }
}
