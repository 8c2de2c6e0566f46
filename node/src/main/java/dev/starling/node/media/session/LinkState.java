package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCPeerConnectionState;

/**
 * How far one link has got, shared by every part of its session: each part must stop at once
 * when the link closes, and sending waits for the connection. Written by libwebrtc callbacks
 * and the close path, read from any thread.
 */
final class LinkState {
    /** Latency samples start this long after connecting: keyframe requests and bandwidth ramp-up are not steady state. */
    private static final long WARM_UP_NANOS = 2_000_000_000L;

    private final long createdNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private volatile double connectMillis = Double.NaN;
    private volatile long connectedAtNanos;

    boolean closed() {
        return closed;
    }

    /** From now on queued steps return at once. */
    void close() {
        closed = true;
    }

    boolean connected() {
        return connected;
    }

    RTCPeerConnectionState state() {
        return state;
    }

    double connectMillis() {
        return connectMillis;
    }

    /** Records libwebrtc's new connection state; returns whether the link is now connected. */
    boolean changed(RTCPeerConnectionState newState) {
        state = newState;
        if (newState == RTCPeerConnectionState.CONNECTED && Double.isNaN(connectMillis)) {
            connectedAtNanos = System.nanoTime();
            connectMillis = (connectedAtNanos - createdNanos) / 1e6;
        }
        connected = newState == RTCPeerConnectionState.CONNECTED;
        return connected;
    }

    /** The connection itself is closed (libwebrtc reports no state change for a local close). */
    void connectionClosed() {
        state = RTCPeerConnectionState.CLOSED;
    }

    /** False during the start-up transient, when latency samples would describe ramp-up, not the link. */
    boolean steady() {
        long at = connectedAtNanos;
        return at != 0 && System.nanoTime() - at > WARM_UP_NANOS;
    }
}
