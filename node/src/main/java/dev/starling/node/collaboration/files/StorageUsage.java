package dev.starling.node.collaboration.files;

/** Disk use against the limits, so a refused upload or fetch can be explained before it is tried. */
public record StorageUsage(long usedBytes, long quotaBytes, long maxFileBytes) {}
