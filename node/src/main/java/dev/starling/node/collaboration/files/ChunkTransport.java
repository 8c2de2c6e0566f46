package dev.starling.node.collaboration.files;

import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;

/**
 * How chunk requests and chunks travel between two peers. The room's reliable unicast works
 * everywhere; a WebRTC data-channel transport would plug in here (see the README for its state).
 * Incoming traffic is handed to {@link FileService#onChunkRequest} and {@link FileService#onChunk}.
 */
public interface ChunkTransport {
    /** Returns false if the peer is not reachable now. */
    boolean request(String peer, FileChunkRequest request);

    /** Sends one chunk (or a refusal); may block while the transport applies backpressure. */
    boolean send(String peer, FileChunk chunk);

    String name();
}
