/**
 * The seed's scored mixer election as pure, deterministic logic: no I/O, no threads, time only
 * from an injected clock.
 *
 * <p>The networked layer owns one {@link dev.starling.node.election.Election} per node and one
 * {@link dev.starling.node.election.ElectionTriggers} on the room leader. It converts received
 * {@code starling.v1} election messages into {@link dev.starling.node.election.ElectionEvent}s with
 * {@link dev.starling.node.election.ElectionMessages}, sends a {@code Tick} about once a second,
 * and carries out every returned {@link dev.starling.node.election.ElectionAction}.
 */
package dev.starling.node.election;
