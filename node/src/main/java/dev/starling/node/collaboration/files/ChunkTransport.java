package dev.starling.node.collaboration.files;

import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import java.util.Optional;

/**
 * How chunk requests and chunks travel between two peers: the room's reliable unicast
 * ({@link RoomChunkTransport}), which works everywhere, or a media link's data channel
 * ({@link DataChannelChunkTransport}), chosen per peer by {@link PerPeerChunkTransport}.
 * Incoming traffic is handed to {@link FileService#onChunkRequest} and {@link FileService#onChunk}.
 */
public interface ChunkTransport {
    /** Returns false if the peer is not reachable now. */
    boolean request(String peer, FileChunkRequest request);

    /** Sends one chunk (or a refusal); may block while the transport applies backpressure. */
    boolean send(String peer, FileChunk chunk);

    String name();

    /** Notes a chunk that arrived from {@code peer} over the transport named {@code via}. */
    default void received(String peer, String via, FileChunk chunk) {}

    /** What went which way; empty for a single-path transport. */
    default Optional<TransportCounters> counters() {
        return Optional.empty();
    }
}
