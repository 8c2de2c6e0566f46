/**
 * The {@code netem} backend's shaping: whether this kernel has {@code sch_netem}, a link's faults
 * as {@code tc netem} options, and the per-destination HTB, u32 and netem tree that applies them on
 * each node's egress.
 */
package dev.starling.chaos.netem;
