package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

class BoundedRocksDbTest {
  /** About the correlator's stores × partitions at the default 6 partitions. */
  private static final int STORES = 100;

  @Test
  void idleStoresStayBelowTheSharedBudgetSoTheNextWriteIsNotAForcedFlush(@TempDir Path dir)
      throws Exception {
    RocksDB.loadLibrary();
    Map<String, Object> configs = new HashMap<>();
    configs.put(BoundedRocksDb.CACHE_BYTES, Long.toString(64L << 20));
    configs.put(BoundedRocksDb.WRITE_BUFFER_BYTES, Long.toString(32L << 20));
    List<Options> options = new ArrayList<>();
    List<RocksDB> dbs = new ArrayList<>();
    try (WriteOptions noWal = new WriteOptions().setDisableWAL(true)) {
      for (int i = 0; i < STORES; i++) {
        // as Kafka Streams' RocksDBStore prepares them before calling the config setter
        Options o =
            new Options()
                .setCreateIfMissing(true)
                .setWriteBufferSize(16L << 20)
                .setMaxWriteBufferNumber(3)
                .setTableFormatConfig(new BlockBasedTableConfig());
        new BoundedRocksDb().setConfig("store-" + i, o, configs);
        options.add(o);
        RocksDB db = RocksDB.open(o, dir.resolve("s" + i).toString());
        dbs.add(db);
        for (int k = 0; k < 100; k++) { // a few KiB written since the last flush, then idle
          db.put(noWal, bytes("idle-" + k), bytes("a value of some forty bytes, as an index row"));
        }
      }
      long held = 0;
      for (RocksDB db : dbs) {
        held += db.getLongProperty("rocksdb.cur-size-all-mem-tables");
      }
      long budget = BoundedRocksDb.sharedWriteBufferBytes();
      assertThat(held).isLessThan(budget * 7 / 8); // RocksDB's flush trigger

      RocksDB active = dbs.get(0);
      for (int k = 0; k < 1_000; k++) {
        active.put(noWal, bytes("key-" + k), bytes("value-" + k));
      }
      assertThat(active.getLongProperty("rocksdb.num-entries-active-mem-table"))
          .as("no write was turned into a memtable switch")
          .isEqualTo(1_100);
      assertThat(active.getLongProperty("rocksdb.num-immutable-mem-table")).isZero();
    } finally {
      dbs.forEach(RocksDB::close);
      options.forEach(Options::close);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
