package dev.starling.node.collaboration.files;

import com.google.protobuf.ByteString;
import dev.starling.protocol.v1.FileManifest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Building and checking {@link FileManifest}s. */
public final class Manifests {
    private static final int MAX_OWNER_CHARS = 64;
    /** Keeps a manifest (34 bytes per chunk on the wire) far below the 1 MiB envelope cap. */
    public static final int MAX_CHUNKS = 16_384;

    private Manifests() {}

    /** Number of chunks a file of {@code size} bytes has at {@code chunkBytes} per chunk. */
    public static int chunkCount(long size, int chunkBytes) {
        return (int) ((size + chunkBytes - 1) / chunkBytes);
    }

    public static long chunkOffset(FileManifest manifest, int index) {
        return (long) index * manifest.getChunkSize();
    }

    public static int chunkLength(FileManifest manifest, int index) {
        long start = chunkOffset(manifest, index);
        return (int) Math.min(manifest.getChunkSize(), manifest.getSize() - start);
    }

    /**
     * Why a manifest from the room is refused, or null if it is usable. A refused manifest is
     * dropped before anything is stored.
     */
    public static String problem(FileManifest m, FileLimits limits) {
        if (!isHash(m.getSha256())) {
            return "sha256 is not 64 lowercase hex digits";
        }
        String name = FileNames.problem(m.getName());
        if (name != null) {
            return "name " + name;
        }
        if (m.getSize() > limits.maxFileBytes()) {
            return "size " + m.getSize() + " above this node's limit of " + limits.maxFileBytes() + " bytes";
        }
        if (m.getChunkSize() < FileLimits.MIN_CHUNK_BYTES || m.getChunkSize() > FileLimits.MAX_CHUNK_BYTES) {
            return "chunk size " + m.getChunkSize() + " outside " + FileLimits.MIN_CHUNK_BYTES + "-"
                    + FileLimits.MAX_CHUNK_BYTES;
        }
        if (m.getChunkSha256Count() > MAX_CHUNKS) {
            return "more than " + MAX_CHUNKS + " chunks";
        }
        if (m.getChunkSha256Count() != chunkCount(m.getSize(), m.getChunkSize())) {
            return m.getChunkSha256Count() + " chunk hashes for " + chunkCount(m.getSize(), m.getChunkSize())
                    + " chunks";
        }
        for (ByteString hash : m.getChunkSha256List()) {
            if (hash.size() != 32) {
                return "a chunk hash is not 32 bytes";
            }
        }
        if (m.getOwner().isEmpty() || m.getOwner().length() > MAX_OWNER_CHARS) {
            return "bad owner";
        }
        return null;
    }

    public static boolean isHash(String s) {
        return s != null
                && s.length() == 64
                && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(data, offset, length);
        return digest.digest();
    }

    /** Hashes a stream in one pass: whole-file hash plus one hash per chunk. */
    public static FileManifest.Builder hash(InputStream in, int chunkBytes) throws IOException {
        MessageDigest whole = sha256();
        FileManifest.Builder builder = FileManifest.newBuilder().setChunkSize(chunkBytes);
        byte[] chunk = new byte[chunkBytes];
        long size = 0;
        while (true) {
            int filled = in.readNBytes(chunk, 0, chunkBytes);
            if (filled == 0) {
                break;
            }
            whole.update(chunk, 0, filled);
            builder.addChunkSha256(ByteString.copyFrom(sha256(chunk, 0, filled)));
            size += filled;
            if (filled < chunkBytes) {
                break;
            }
        }
        return builder.setSize(size).setSha256(HexFormat.of().formatHex(whole.digest()));
    }
}
