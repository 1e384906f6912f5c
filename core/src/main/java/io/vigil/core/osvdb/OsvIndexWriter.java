package io.vigil.core.osvdb;

import io.vigil.core.osv.OsvArchiveEntries;
import io.vigil.core.osv.OsvEntryShape;
import io.vigil.core.osv.OsvFormatException;
import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageKey;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds the prepared index of one OSV archive ({@link OsvIndexFormat}): one pass over its entries,
 * the same pass and limits as {@link OsvReader}'s, deciding for each record what a scan's read
 * decides (read in full when it names a wanted package or is not shaped for a summary, else only
 * counted) and keeping its JSON, deflated, for when it is read. Written to a temporary file and
 * moved into place, so a reader never sees half an index.
 */
final class OsvIndexWriter {
  private OsvIndexWriter() {}

  private record Entry(
      byte kind, String name, long offset, int stored, int raw, int crc, OsvEntryShape shape) {}

  static void build(Path zip, OsvReader.Limits limits, Path indexFile)
      throws OsvFormatException, IOException {
    FeedFingerprint fingerprint = FeedFingerprint.of(zip, limits);
    Files.createDirectories(indexFile.getParent());
    Path tmp = Files.createTempFile(indexFile.getParent(), indexFile.getFileName() + ".", ".tmp");
    try {
      List<Entry> entries = new ArrayList<>();
      Map<PackageKey, List<Integer>> postings = new LinkedHashMap<>();
      long dataEnd;
      try (CountingOutput data =
          new CountingOutput(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
        data.write(new byte[OsvIndexFormat.HEADER_BYTES]); // filled in at the end
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        byte[][] out = {new byte[1 << 16]};
        CRC32 crc = new CRC32();
        try {
          OsvArchiveEntries.forEach(
              zip,
              limits,
              (name, bytes) -> {
                if (bytes == null) {
                  entries.add(new Entry(OsvIndexFormat.TOO_LARGE, name, 0, 0, 0, 0, null));
                  return;
                }
                OsvEntryShape shape = OsvEntryShape.of(bytes);
                Set<PackageKey> keys = new LinkedHashSet<>();
                if (shape != null) {
                  for (OsvRecord.Package p : shape.packages()) {
                    try {
                      keys.add(PackageKey.of(p.ecosystem(), p.name()));
                    } catch (RuntimeException e) {
                      shape = null; // no key: a scan reads it in full, whatever it wants
                      break;
                    }
                  }
                }
                deflater.reset();
                deflater.setInput(bytes);
                deflater.finish();
                int n = 0;
                while (!deflater.finished()) {
                  if (n == out[0].length) {
                    out[0] = java.util.Arrays.copyOf(out[0], 2 * out[0].length);
                  }
                  n += deflater.deflate(out[0], n, out[0].length - n);
                }
                crc.reset();
                crc.update(bytes);
                long offset = data.count;
                try {
                  data.write(out[0], 0, n);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                int index = entries.size();
                entries.add(
                    new Entry(
                        shape == null
                            ? OsvIndexFormat.ALWAYS_READ
                            : OsvIndexFormat.COUNTED_UNLESS_WANTED,
                        name,
                        offset,
                        n,
                        bytes.length,
                        (int) crc.getValue(),
                        shape));
                if (shape != null) {
                  for (PackageKey k : keys) {
                    postings.computeIfAbsent(k, x -> new ArrayList<>()).add(index);
                  }
                }
              });
        } catch (UncheckedIOException e) {
          throw e.getCause();
        } finally {
          deflater.end();
        }
        dataEnd = data.count;
        ByteArrayOutputStream dirBytes = new ByteArrayOutputStream(64 * entries.size() + 1024);
        try (DataOutputStream dir = new DataOutputStream(dirBytes)) {
          fingerprint.write(dir);
          dir.writeInt(entries.size());
          for (Entry e : entries) {
            dir.writeByte(e.kind());
            dir.writeUTF(e.name());
            if (e.kind() == OsvIndexFormat.TOO_LARGE) {
              continue;
            }
            dir.writeLong(e.offset());
            dir.writeInt(e.stored());
            dir.writeInt(e.raw());
            dir.writeInt(e.crc());
            if (e.kind() == OsvIndexFormat.COUNTED_UNLESS_WANTED) {
              dir.writeUTF(e.shape().id());
              dir.writeBoolean(e.shape().withdrawn() != null);
              if (e.shape().withdrawn() != null) {
                dir.writeUTF(e.shape().withdrawn());
              }
            }
          }
          dir.writeInt(postings.size());
          for (Map.Entry<PackageKey, List<Integer>> p : postings.entrySet()) {
            dir.writeUTF(p.getKey().ecosystem());
            dir.writeUTF(p.getKey().name());
            dir.writeInt(p.getValue().size());
            for (int i : p.getValue()) {
              dir.writeInt(i);
            }
          }
        }
        byte[] directory = dirBytes.toByteArray();
        data.write(directory);
        data.flush();
        CRC32 dirCrc = new CRC32();
        dirCrc.update(directory);
        data.close();
        ByteBuffer header = ByteBuffer.allocate(OsvIndexFormat.HEADER_BYTES);
        header.put(OsvIndexFormat.MAGIC);
        header.putInt(OsvIndexFormat.FORMAT);
        header.putLong(dataEnd);
        header.putInt(directory.length);
        header.putInt((int) dirCrc.getValue());
        header.flip();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          while (header.hasRemaining()) {
            ch.write(header, header.position());
          }
          ch.force(true);
        }
      }
      Files.move(
          tmp, indexFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Counts the bytes written: the offsets of the records. */
  private static final class CountingOutput extends java.io.FilterOutputStream {
    long count;

    CountingOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
