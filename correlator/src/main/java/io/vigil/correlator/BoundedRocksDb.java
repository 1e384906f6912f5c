package io.vigil.correlator;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this JVM's correlator: one LRU block cache
 * (index and filter blocks included, with high priority) and one WriteBufferManager that charges
 * memtables to that cache, both shared by all stores and all tasks, so memory does not grow with
 * the number of stores × partitions (the "one cache per store" anti-pattern). Sized by {@code
 * correlator.rocksdbCacheMb} / {@code correlator.rocksdbWriteBufferMb}, passed in as Streams
 * configs {@value #CACHE_BYTES} and {@value #WRITE_BUFFER_BYTES}.
 *
 * <p>Memtables allocate in small arena blocks ({@link #ARENA_BLOCK_BYTES}) instead of RocksDB's
 * default of an eighth of the write buffer (2 MiB for Streams' 16 MiB): the WriteBufferManager
 * counts allocated blocks, and every store that took one write since its last flush holds at least
 * one. With ~100 stores × partitions, that idle floor alone passed the shared budget, and above 7/8
 * of it RocksDB switches the memtable of <em>whichever store is written next</em> — so after a load
 * every write of the Log4Shell path (the exposures and their indexes) became a flush plus a write
 * stall: advisory → 1,000th exposure went from ~0.4 s to ~3 s (bench/results/2026-12-08*).
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
  public static final String CACHE_BYTES = "vigil.rocksdb.cache.bytes";
  public static final String WRITE_BUFFER_BYTES = "vigil.rocksdb.write.buffer.bytes";

  private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;

  /** Memtable arena block: a store written once holds this much, not 2 MiB. */
  static final long ARENA_BLOCK_BYTES = 64L << 10;

  private static Cache cache;
  private static WriteBufferManager writeBufferManager;
  private static long cacheBytes;
  private static long writeBufferBytes;

  private static synchronized void ensure(Map<String, Object> configs) {
    if (cache != null) {
      return;
    }
    cacheBytes = longConfig(configs, CACHE_BYTES, 64L << 20);
    writeBufferBytes = longConfig(configs, WRITE_BUFFER_BYTES, 32L << 20);
    cache = new LRUCache(cacheBytes, -1, false, INDEX_FILTER_BLOCK_RATIO);
    writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
  }

  private static long longConfig(Map<String, Object> configs, String key, long dflt) {
    Object v = configs.get(key);
    return v == null ? dflt : Long.parseLong(v.toString());
  }

  /** The size of the shared cache, once a store was opened (0 before). */
  public static synchronized long sharedCacheBytes() {
    return cache == null ? 0 : cacheBytes;
  }

  /** The shared memtable budget, once a store was opened (0 before). */
  static synchronized long sharedWriteBufferBytes() {
    return cache == null ? 0 : writeBufferBytes;
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    ensure(configs);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBufferManager);
    options.setArenaBlockSize(ARENA_BLOCK_BYTES);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and the write buffer manager are shared by every store: never closed per store
  }
}
