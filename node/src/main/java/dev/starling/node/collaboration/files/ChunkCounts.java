package dev.starling.node.collaboration.files;

/** What one transport carried to or from one peer (or, summed, to everyone). */
public record ChunkCounts(
        long requestsSent, long chunksSent, long bytesSent, long chunksReceived, long bytesReceived, long fallbacks) {
    public static final ChunkCounts NONE = new ChunkCounts(0, 0, 0, 0, 0, 0);

    public ChunkCounts plus(ChunkCounts other) {
        return new ChunkCounts(
                requestsSent + other.requestsSent,
                chunksSent + other.chunksSent,
                bytesSent + other.bytesSent,
                chunksReceived + other.chunksReceived,
                bytesReceived + other.bytesReceived,
                fallbacks + other.fallbacks);
    }
}
