package dev.starling.node.collaboration.files;

/**
 * How much a node takes in: the largest file it shares or fetches, the total it keeps (complete
 * and partial files), and the chunk size of the files it shares.
 */
public record FileLimits(long maxFileBytes, long quotaBytes, int chunkBytes) {
    public static final int MIN_CHUNK_BYTES = 16 * 1024;
    /** Well below the room's 1 MiB envelope cap, with room for the envelope around it. */
    public static final int MAX_CHUNK_BYTES = 512 * 1024;

    public FileLimits {
        if (maxFileBytes <= 0 || quotaBytes <= 0) {
            throw new IllegalArgumentException("file size limit and quota must be positive");
        }
        if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException(
                    "chunk size must be " + MIN_CHUNK_BYTES + "-" + MAX_CHUNK_BYTES + " bytes");
        }
    }

    public static FileLimits defaults() {
        return new FileLimits(1L << 30, 4L << 30, 256 * 1024);
    }
}
