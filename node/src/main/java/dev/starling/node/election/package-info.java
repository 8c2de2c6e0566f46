/**
 * The seed's scored mixer election.
 *
 * <p>The core is pure, deterministic logic with no I/O, no threads and time only from an injected
 * clock: {@link dev.starling.node.election.Election}, its scoring policies, ranking and
 * {@link dev.starling.node.election.ElectionTriggers}. {@link dev.starling.node.election.ElectionService}
 * is the networked shell around it: it converts received {@code starling.v1} election messages
 * into {@link dev.starling.node.election.ElectionEvent}s with
 * {@link dev.starling.node.election.ElectionMessages}, ticks about once a second, runs the probes
 * and carries out every returned {@link dev.starling.node.election.ElectionAction} over the room;
 * its class comment names the part that does each.
 */
package dev.starling.node.election;
