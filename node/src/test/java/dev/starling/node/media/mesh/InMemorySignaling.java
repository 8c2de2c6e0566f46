package dev.starling.node.media.mesh;

import dev.starling.node.media.MediaEngine;
import dev.starling.node.media.SignalingTransport;
import dev.starling.protocol.v1.MediaSignal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the room: delivers signals between engines of one process, through a protobuf
 * byte round trip so that what crosses is exactly what would cross the wire.
 */
final class InMemorySignaling {
    private final Map<String, MediaEngine> engines = new ConcurrentHashMap<>();
    /** Last session id each sender used towards each receiver ("from>to"), so tests can forge signals. */
    final Map<String, Long> lastSession = new ConcurrentHashMap<>();

    final AtomicLong delivered = new AtomicLong();

    SignalingTransport transportFor(String from) {
        return (to, signal) -> {
            MediaEngine target = engines.get(to);
            if (target == null) {
                return;
            }
            try {
                MediaSignal copy = MediaSignal.parseFrom(signal.toByteArray());
                lastSession.put(from + ">" + to, copy.getSession());
                delivered.incrementAndGet();
                target.onSignal(from, copy);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    void register(String id, MediaEngine engine) {
        engines.put(id, engine);
    }

    void unregister(String id) {
        engines.remove(id);
    }
}
