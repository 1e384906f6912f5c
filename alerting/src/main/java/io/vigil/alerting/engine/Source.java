package io.vigil.alerting.engine;

/** Where an exposure event came from: partition and offset of the exposures topic. */
public record Source(int partition, long offset) {}
