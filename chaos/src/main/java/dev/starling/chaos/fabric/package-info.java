/**
 * The {@code fabric} backend's data plane: a userspace L2 switch over TAP devices, one network
 * namespace per node, each directed link's impairments and the partitions applied inside this
 * JVM, and a selftest that measures them back from real traffic.
 */
package dev.starling.chaos.fabric;
