/**
 * Running scenarios end to end: a room of node processes on a backend's network (fabric or
 * netem), the scenario's faults applied on time, and the marker path's latency measured over each
 * scenario's own window into one result per scenario; consecutive scenarios share a room where
 * they can.
 */
package dev.starling.chaos.run;
