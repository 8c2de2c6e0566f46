/**
 * The seam between a chaos run and whatever carries its packets: {@link
 * dev.starling.chaos.network.ImpairedNetwork}, where a scenario's packet faults and partitions
 * take effect, implemented by the userspace fabric and by {@code tc netem}.
 */
package dev.starling.chaos.network;
