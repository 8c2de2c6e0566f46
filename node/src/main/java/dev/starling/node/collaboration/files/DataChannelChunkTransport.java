package dev.starling.node.collaboration.files;

import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import dev.starling.protocol.v1.FileTransfer;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Chunks over the WebRTC data channel of the media link to the peer ("starling-files", one per
 * link, see {@code media.data.FileChannel}): fragmented to 16 KiB, with the sender blocking on
 * the channel's buffered amount for backpressure. Reaches only peers whose link is up, hence
 * {@link #reaches}; {@link PerPeerChunkTransport} falls back to the room for the others.
 */
public final class DataChannelChunkTransport implements ChunkTransport {
    public static final String NAME = "datachannel";

    private final Predicate<String> open;
    private final BiPredicate<String, FileTransfer> send;

    /**
     * @param open whether the link to a peer has an open file channel now
     * @param send sends one transfer to a peer, false if it could not
     */
    public DataChannelChunkTransport(Predicate<String> open, BiPredicate<String, FileTransfer> send) {
        this.open = open;
        this.send = send;
    }

    public boolean reaches(String peer) {
        return open.test(peer);
    }

    @Override
    public boolean request(String peer, FileChunkRequest request) {
        return send.test(peer, FileTransfer.newBuilder().setRequest(request).build());
    }

    @Override
    public boolean send(String peer, FileChunk chunk) {
        return send.test(peer, FileTransfer.newBuilder().setChunk(chunk).build());
    }

    @Override
    public String name() {
        return NAME;
    }
}
