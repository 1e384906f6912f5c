package io.vigil.sbom;

import io.vigil.events.v1.Compression;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.events.v1.SubmissionKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns an SBOM document into submission records and back. A document that fits in one chunk
 * travels as is (the producer's batch compression still applies); a larger one is gzip-compressed
 * and split into chunks of at most {@code chunkBytes}, so no record exceeds the broker's limit
 * whatever the document size. Decoding is bounded: a document (or a gzip bomb) larger than the
 * limit fails with {@link DocumentTooLargeException} before it is fully inflated. Pure.
 */
public final class Submissions {
  private Submissions() {}

  /** The document is larger than the configured limit. */
  public static final class DocumentTooLargeException extends IOException {
    public DocumentTooLargeException(long limit) {
      super("the document exceeds the limit of " + limit + " bytes (after decompression)");
    }
  }

  /** What a submission is about, besides the bytes. */
  public record Envelope(
      String submissionId,
      String project,
      String projectVersion,
      String contentType,
      boolean lenient,
      boolean prevalidated,
      String channel,
      String submittedBy,
      Instant receivedAt,
      SubmissionKind kind) {
    /** An SBOM submission. */
    public Envelope(
        String submissionId,
        String project,
        String projectVersion,
        String contentType,
        boolean lenient,
        boolean prevalidated,
        String channel,
        String submittedBy,
        Instant receivedAt) {
      this(
          submissionId,
          project,
          projectVersion,
          contentType,
          lenient,
          prevalidated,
          channel,
          submittedBy,
          receivedAt,
          SubmissionKind.SBOM);
    }

    /** The same envelope for a document of another kind. */
    public Envelope withKind(SubmissionKind other) {
      return new Envelope(
          submissionId,
          project,
          projectVersion,
          contentType,
          lenient,
          prevalidated,
          channel,
          submittedBy,
          receivedAt,
          other);
    }
  }

  /** The records of one submission, in chunk order. */
  public static List<SbomSubmission> encode(Envelope e, byte[] document, int chunkBytes) {
    boolean compress = document.length > chunkBytes;
    byte[] content = compress ? gzip(document) : document;
    int count = Math.max(1, (content.length + chunkBytes - 1) / chunkBytes);
    List<SbomSubmission> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int from = i * chunkBytes;
      int to = Math.min(content.length, from + chunkBytes);
      out.add(
          SbomSubmission.newBuilder()
              .setSubmissionId(e.submissionId())
              .setProject(e.project())
              .setProjectVersion(e.projectVersion())
              .setContentType(e.contentType())
              .setCompression(compress ? Compression.GZIP : Compression.NONE)
              .setChunkIndex(i)
              .setChunkCount(count)
              .setContent(ByteBuffer.wrap(content, from, to - from).slice())
              .setLenient(e.lenient())
              .setPrevalidated(e.prevalidated())
              .setDocumentLength((long) document.length)
              .setChannel(e.channel())
              .setSubmittedBy(e.submittedBy())
              .setReceivedAt(e.receivedAt())
              .setKind(e.kind() == null ? SubmissionKind.SBOM : e.kind())
              .build());
    }
    return out;
  }

  /**
   * The bytes as submitted: the chunks' contents concatenated in index order (still compressed).
   */
  public static byte[] content(List<SbomSubmission> chunks) {
    List<SbomSubmission> sorted = new ArrayList<>(chunks);
    sorted.sort(Comparator.comparingInt(SbomSubmission::getChunkIndex));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (SbomSubmission s : sorted) {
      ByteBuffer b = s.getContent().duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  /** The document of a complete submission, decompressed, at most {@code limit} bytes. */
  public static byte[] decode(List<SbomSubmission> chunks, long limit) throws IOException {
    byte[] content = content(chunks);
    boolean gzip = chunks.get(0).getCompression() == Compression.GZIP;
    return gzip ? gunzip(content, limit) : maybeGunzip(content, limit);
  }

  /** Gunzips {@code bytes} when they start with the gzip magic; checks the limit either way. */
  public static byte[] maybeGunzip(byte[] bytes, long limit) throws IOException {
    if (isGzip(bytes)) {
      return gunzip(bytes, limit);
    }
    if (bytes.length > limit) {
      throw new DocumentTooLargeException(limit);
    }
    return bytes;
  }

  public static boolean isGzip(byte[] b) {
    return b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
  }

  /** Inflates at most {@code limit} bytes; fails as soon as the output would exceed it. */
  public static byte[] gunzip(byte[] gz, long limit) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 64 * 1024)) {
      return readBounded(in, limit);
    }
  }

  /** Reads a stream to the end, failing once more than {@code limit} bytes came. */
  public static byte[] readBounded(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > limit) {
        throw new DocumentTooLargeException(limit);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** gzip at the fastest level: chunking needs fewer, smaller records, not the best ratio. */
  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, data.length / 6));
    try (OutputStream out =
        new GZIPOutputStream(bytes, 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      out.write(data);
    } catch (IOException e) {
      throw new IllegalStateException("gzip to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** Why the record cannot be a submission, or null. */
  static String envelopeProblem(SbomSubmission s, int maxChunks) {
    if (s.getSubmissionId() == null || s.getSubmissionId().isBlank()) {
      return "submissionId is empty";
    }
    if (s.getProject() == null || s.getProject().isBlank()) {
      return "project is empty";
    }
    if (hasControl(s.getProject())
        || hasControl(s.getSubmissionId())
        || (s.getProjectVersion() != null && hasControl(s.getProjectVersion()))) {
      return "project, version and submissionId must not contain control characters";
    }
    if (s.getChunkCount() < 1 || s.getChunkCount() > maxChunks) {
      return "chunkCount must be between 1 and " + maxChunks + ", got " + s.getChunkCount();
    }
    if (s.getChunkIndex() < 0 || s.getChunkIndex() >= s.getChunkCount()) {
      return "chunkIndex " + s.getChunkIndex() + " is outside 0.." + (s.getChunkCount() - 1);
    }
    return null;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  /** The envelope of a submission record. */
  static Envelope envelope(SbomSubmission s) {
    return new Envelope(
        s.getSubmissionId(),
        s.getProject(),
        s.getProjectVersion(),
        s.getContentType(),
        s.getLenient(),
        s.getPrevalidated(),
        s.getChannel(),
        s.getSubmittedBy(),
        s.getReceivedAt(),
        s.getKind());
  }
}
