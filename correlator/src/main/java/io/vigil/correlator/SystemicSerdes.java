package io.vigil.correlator;

import io.vigil.correlator.SystemicRecords.Input;
import io.vigil.correlator.SystemicRecords.PackageCounts;
import io.vigil.correlator.SystemicRecords.PackageUseChange;
import io.vigil.correlator.SystemicRecords.PackageUseRow;
import io.vigil.correlator.SystemicRecords.PortfolioTotals;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary serdes of the SYSTEMIC fan-in's records (one per component change on the by-package
 * repartition and in {@code package-uses-store}: JSON cost a third of the stage). A value starts
 * with the byte {@code 0x01}; a value written by the earlier JSON serde (it starts with {@code {})
 * is still read, so state and in-flight repartition records of the earlier release stay readable.
 */
final class SystemicSerdes {
  private static final byte VERSION = 1;
  private static final byte USE = 'U';
  private static final byte TOTALS = 'T';

  private SystemicSerdes() {}

  /** The package-keyed stage's input (a use change or the portfolio totals). */
  static Serde<Input> input() {
    return serde(Input.class, SystemicSerdes::writeInput, SystemicSerdes::readInput);
  }

  /** A row of {@code package-uses-store}. */
  static Serde<PackageUseRow> useRow() {
    return serde(PackageUseRow.class, SystemicSerdes::writeRow, SystemicSerdes::readRow);
  }

  /** A row of {@code package-reach-store}. */
  static Serde<PackageCounts> counts() {
    return serde(PackageCounts.class, SystemicSerdes::writeCounts, SystemicSerdes::readCounts);
  }

  private interface Writer<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static <T> Serde<T> serde(Class<T> type, Writer<T> writer, Reader<T> reader) {
    JsonSerde<T> json = new JsonSerde<>(type);
    Serializer<T> serializer =
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out, value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return bytes.toByteArray();
        };
    Deserializer<T> deserializer =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          if (bytes.length > 0 && bytes[0] == '{') {
            return json.deserializer().deserialize(topic, bytes);
          }
          if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new SerializationException(
                "not a " + type.getSimpleName() + " record: unknown format " + bytes.length);
          }
          try (DataInputStream in =
              new DataInputStream(new java.io.ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            return reader.read(in);
          } catch (IOException e) {
            throw new SerializationException("not a " + type.getSimpleName() + " record", e);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private static void writeInput(DataOutputStream out, Input in) throws IOException {
    if (in.totals() != null) {
      out.writeByte(TOTALS);
      out.writeInt(in.totals().projects());
      out.writeInt(in.totals().missionEssential());
      return;
    }
    out.writeByte(USE);
    PackageUseChange use = in.use();
    string(out, use.storeKey());
    out.writeBoolean(use.row() != null);
    if (use.row() != null) {
      writeRow(out, use.row());
    }
  }

  private static Input readInput(DataInputStream in) throws IOException {
    byte kind = in.readByte();
    if (kind == TOTALS) {
      return new Input(null, new PortfolioTotals(in.readInt(), in.readInt()));
    }
    if (kind != USE) {
      throw new IOException("unknown input kind " + kind);
    }
    String key = string(in);
    PackageUseRow row = in.readBoolean() ? readRow(in) : null;
    return new Input(new PackageUseChange(key, row), null);
  }

  private static void writeRow(DataOutputStream out, PackageUseRow row) throws IOException {
    string(out, row.project());
    string(out, row.version());
    out.writeByte(row.direct() == null ? 2 : row.direct() ? 1 : 0);
    string(out, row.criticality());
  }

  private static PackageUseRow readRow(DataInputStream in) throws IOException {
    String project = string(in);
    String version = string(in);
    byte direct = in.readByte();
    return new PackageUseRow(project, version, direct == 2 ? null : direct == 1, string(in));
  }

  private static void writeCounts(DataOutputStream out, PackageCounts c) throws IOException {
    out.writeInt(c.projects());
    out.writeInt(c.directProjects());
    out.writeInt(c.transitiveProjects());
    out.writeInt(c.unknownReachProjects());
    out.writeInt(c.missionEssentialProjects());
    out.writeInt(c.projectsByVersion().size());
    for (Map.Entry<String, Integer> v : c.projectsByVersion().entrySet()) {
      string(out, v.getKey());
      out.writeInt(v.getValue());
    }
  }

  private static PackageCounts readCounts(DataInputStream in) throws IOException {
    int projects = in.readInt();
    int direct = in.readInt();
    int transitive = in.readInt();
    int unknown = in.readInt();
    int essential = in.readInt();
    int n = in.readInt();
    TreeMap<String, Integer> versions = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      versions.put(string(in), in.readInt());
    }
    return new PackageCounts(projects, direct, transitive, unknown, essential, versions);
  }

  /** A nullable string: its UTF-8 length (-1 for null), then the bytes. */
  private static void string(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
