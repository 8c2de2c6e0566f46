package dev.starling.node.media;

import dev.starling.protocol.v1.MediaSignal;

/** What the room calls on the media side: links follow the membership, and signals arrive. */
public interface SignalingEndpoint {
    /** Starts (or keeps) a link to a peer that is in the room. Idempotent. */
    void connect(String peerId);

    /** Ends the link to one peer. */
    void hangup(String peerId);

    /** A signal from a peer. Never throws; malformed signals are logged and dropped. */
    void onSignal(String fromPeer, MediaSignal signal);
}
