package dev.starling.node.election;

import dev.starling.protocol.v1.Envelope;

/** How the election service reaches the room; the node wires it to the room, tests to memory. */
public interface ElectionTransport {

    void broadcast(Envelope.Builder body);

    /** @return false if the peer is not in the current view */
    boolean sendTo(String peer, Envelope.Builder body);
}
