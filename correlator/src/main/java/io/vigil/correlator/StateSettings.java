package io.vigil.correlator;

import java.util.ArrayList;
import java.util.List;

/**
 * What shapes the correlator's state, recorded with it so that an instance configured otherwise
 * refuses to start instead of misreading it ({@link StartupChecks#checkState}): the store key
 * format, {@code correlator.packageShards} (shard keys in the package-keyed stores and
 * repartitions) and {@code correlator.partitions} (which task, and so which changelog partition,
 * holds a key).
 *
 * @param keyFormat the store key format ({@link #KEY_FORMAT}: escaped parts, see {@link StoreKeys})
 * @param packageShards shards per package
 * @param partitions partitions of every repartition topic (= tasks of each sub-topology)
 */
record StateSettings(int keyFormat, int packageShards, int partitions) {

  /**
   * 2: every key part escaped (this version); 1 was raw parts (keys without control characters are
   * the same in both).
   */
  static final int KEY_FORMAT = 2;

  /** The settings of a configuration. */
  static StateSettings of(CorrelatorConfig config) {
    return new StateSettings(KEY_FORMAT, config.packageShards(), config.partitions());
  }

  /**
   * What differs from {@code recorded}, one phrase each ("correlator.packageShards=8 (the state was
   * built with 4)").
   */
  List<String> differencesFrom(StateSettings recorded) {
    List<String> out = new ArrayList<>();
    if (keyFormat != recorded.keyFormat) {
      out.add("store key format " + keyFormat + " (the state: " + recorded.keyFormat + ")");
    }
    if (packageShards != recorded.packageShards) {
      out.add(
          "correlator.packageShards="
              + packageShards
              + " (the state was built with "
              + recorded.packageShards
              + ")");
    }
    if (partitions != recorded.partitions) {
      out.add(
          "correlator.partitions="
              + partitions
              + " (the state was built with "
              + recorded.partitions
              + ")");
    }
    return out;
  }
}
