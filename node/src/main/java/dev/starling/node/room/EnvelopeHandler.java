package dev.starling.node.room;

import dev.starling.protocol.v1.Envelope;

/** Receives decoded envelopes of the kinds it registered for. Must not block for long. */
@FunctionalInterface
public interface EnvelopeHandler {
    void handle(Envelope envelope);
}
