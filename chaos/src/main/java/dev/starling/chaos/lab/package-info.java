/**
 * The lab: a room of real node processes, each in its own network namespace on a veth and bridge
 * network (at public or NAT {@link dev.starling.chaos.lab.LabSite sites}, with the lab's own TURN
 * server and rendezvous) or on hosts a chaos backend supplies, driven and read over the nodes' HTTP
 * APIs; and the
 * latency, hop-cost and failover reports built from what the nodes say about themselves.
 */
package dev.starling.chaos.lab;
