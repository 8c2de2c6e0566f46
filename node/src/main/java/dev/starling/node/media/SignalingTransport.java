package dev.starling.node.media;

import dev.starling.protocol.v1.MediaSignal;

/**
 * How the media engine reaches other peers for offer/answer/ICE/hangup. The room implements it
 * (unicast over the group) and feeds incoming signals to {@link MediaEngine#onSignal}.
 * Implementations must not block for long and must keep per-peer order (FIFO).
 */
@FunctionalInterface
public interface SignalingTransport {
    void send(String peerId, MediaSignal signal);
}
