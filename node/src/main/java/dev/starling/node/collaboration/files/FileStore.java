package dev.starling.node.collaboration.files;

import dev.starling.node.collaboration.AtomicFiles;
import dev.starling.protocol.v1.FileManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared files on disk, by hash: {@code manifests/HASH} (protobuf), {@code blobs/HASH} (complete,
 * verified, immutable), {@code partial/HASH} (a download in progress, written in place).
 *
 * <p>A name never becomes a path. A blob only appears by atomic rename after its whole-file hash
 * checked out, so a crash leaves either the old state or a complete file.
 *
 * <p>The quota lives here with the files it counts, under the store's one lock: what is held,
 * what downloads have claimed and what uploads have reserved are checked together, which is why
 * this class is somewhat over the size of the others.
 */
public final class FileStore {
    private static final Logger log = LoggerFactory.getLogger(FileStore.class);

    private final Path manifestsDir;
    private final Path blobsDir;
    private final Path partialDir;
    private final Path incomingDir;
    private final FileLimits limits;
    private final Map<String, FileManifest> manifests = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** Bytes promised to uploads still streaming in; guarded by this store's lock with every quota check. */
    private long reserved;

    public FileStore(Path dir, FileLimits limits) throws IOException {
        this.limits = limits;
        this.manifestsDir = Files.createDirectories(dir.resolve("manifests"));
        this.blobsDir = Files.createDirectories(dir.resolve("blobs"));
        this.partialDir = Files.createDirectories(dir.resolve("partial"));
        this.incomingDir = Files.createDirectories(dir.resolve("incoming"));
        load();
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(manifestsDir)) {
            for (Path file : files) {
                String hash = file.getFileName().toString();
                if (!Manifests.isHash(hash)) {
                    continue;
                }
                try {
                    FileManifest manifest = FileManifest.parseFrom(Files.readAllBytes(file));
                    if (manifest.getSha256().equals(hash) && Manifests.problem(manifest, limits) == null) {
                        manifests.put(hash, manifest);
                    } else {
                        log.warn("files: ignoring stored manifest {}: does not check out", file);
                    }
                } catch (IOException e) {
                    log.warn("files: ignoring unreadable manifest {}: {}", file, e.toString());
                }
            }
        }
        for (String hash : manifests.keySet()) {
            Path blob = blobsDir.resolve(hash);
            if (Files.isRegularFile(blob)
                    && Files.size(blob) == manifests.get(hash).getSize()) {
                held.add(hash);
            }
        }
        // Leftovers of interrupted uploads are not files anyone shared.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(incomingDir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    public FileLimits limits() {
        return limits;
    }

    public Optional<FileManifest> manifest(String hash) {
        return Optional.ofNullable(manifests.get(hash));
    }

    public List<FileManifest> manifests() {
        return new ArrayList<>(manifests.values());
    }

    public boolean holds(String hash) {
        return held.contains(hash);
    }

    public Set<String> held() {
        return Set.copyOf(held);
    }

    /** Remembers a checked manifest; returns false if it was already known (the first one stays). */
    public synchronized boolean remember(FileManifest manifest) throws IOException {
        if (manifests.containsKey(manifest.getSha256())) {
            return false;
        }
        AtomicFiles.write(manifestsDir.resolve(manifest.getSha256()), manifest.toByteArray());
        manifests.putIfAbsent(manifest.getSha256(), manifest);
        return true;
    }

    /**
     * Drops a manifest proven false (its chunks do not make the file its hash names), so the true
     * one can still be learned from another holder instead of the first announcement winning.
     */
    synchronized void forget(String hash) throws IOException {
        if (!held.contains(hash)) {
            manifests.remove(hash);
            Files.deleteIfExists(manifestsDir.resolve(hash));
        }
    }

    /** Bytes on disk in complete and partial files. */
    public long usedBytes() {
        long used = 0;
        for (Map.Entry<String, FileManifest> entry : manifests.entrySet()) {
            if (held.contains(entry.getKey()) || Files.exists(partialDir.resolve(entry.getKey()))) {
                used += entry.getValue().getSize();
            }
        }
        return used;
    }

    public synchronized void requireRoomFor(long size) {
        if (size > limits.maxFileBytes()) {
            throw new IllegalArgumentException(
                    "file of " + size + " bytes is above the limit of " + limits.maxFileBytes() + " bytes");
        }
        long free = limits.quotaBytes() - usedBytes() - reserved;
        if (size > free) {
            throw new IllegalArgumentException("storage quota exceeded: " + size + " bytes needed, " + Math.max(0, free)
                    + " of " + limits.quotaBytes() + " bytes free");
        }
    }

    /**
     * Takes a new file from a stream (an upload): hashes it while writing it to disk, refuses it
     * past the size limit or the quota, then files it under its hash. Sharing the same bytes
     * twice returns the existing manifest.
     */
    public FileManifest importStream(InputStream in, String name, String owner, long sharedAtMicros)
            throws IOException {
        FileNames.require(name);
        Path temp = Files.createTempFile(incomingDir, "upload", ".part");
        long[] reservedByUpload = {0};
        LongConsumer upload = bytes -> {
            reserve(bytes);
            reservedByUpload[0] += bytes;
        };
        try {
            FileManifest.Builder builder;
            try (InputStream counted = new CappedInputStream(in, upload, limits.maxFileBytes());
                    var out = Files.newOutputStream(temp)) {
                builder = Manifests.hash(new TeeInputStream(counted, out), limits.chunkBytes());
            }
            FileManifest manifest = builder.setName(name)
                    .setOwner(owner)
                    .setSharedAtMicros(sharedAtMicros)
                    .build();
            String hash = manifest.getSha256();
            FileManifest existing = manifests.get(hash);
            if (existing != null && held.contains(hash)) {
                return existing;
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(
                    temp, blobsDir.resolve(hash), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (existing == null) {
                remember(manifest);
            }
            held.add(hash);
            return manifests.get(hash);
        } finally {
            // The held file now counts in usedBytes(); what it reserved while streaming is free again.
            release(reservedByUpload[0]);
            Files.deleteIfExists(temp);
        }
    }

    /** Promises {@code bytes} more to an upload, or refuses when the quota has no room for them. */
    private synchronized void reserve(long bytes) {
        long free = limits.quotaBytes() - usedBytes() - reserved;
        if (bytes > free) {
            throw new IllegalArgumentException(
                    "storage quota exceeded: only " + Math.max(0, free) + " of " + limits.quotaBytes() + " bytes free");
        }
        reserved += bytes;
    }

    private synchronized void release(long bytes) {
        reserved = Math.max(0, reserved - bytes);
    }

    /** Reads one chunk of a held file. */
    public byte[] readChunk(FileManifest manifest, int index) throws IOException {
        if (index < 0 || index >= manifest.getChunkSha256Count()) {
            throw new IllegalArgumentException("no chunk " + index);
        }
        try (FileChannel channel = FileChannel.open(blobsDir.resolve(manifest.getSha256()), StandardOpenOption.READ)) {
            return readChunk(channel, manifest, index, "blob " + manifest.getSha256() + " shorter than its manifest");
        }
    }

    public Path blob(String hash) {
        if (!held.contains(hash)) {
            throw new java.util.NoSuchElementException("file " + hash + " is not held here");
        }
        return blobsDir.resolve(hash);
    }

    /** Hashes of downloads that were interrupted (partial files with a known manifest). */
    public List<String> partials() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(partialDir)) {
            for (Path file : files) {
                String hash = file.getFileName().toString();
                if (manifests.containsKey(hash) && !held.contains(hash)) {
                    out.add(hash);
                }
            }
        }
        return out;
    }

    /** Opens (or creates) the partial file of a download. */
    public PartialFile openPartial(FileManifest manifest) throws IOException {
        return new PartialFile(manifest, partialDir.resolve(manifest.getSha256()));
    }

    /**
     * Opens a download's partial file if the quota has room for the whole file; checked and
     * created under one lock, so concurrent fetches and uploads cannot all claim the same space.
     * A resumed download already counts in use, and is checked against what the quota is now.
     */
    public synchronized PartialFile openPartialWithinQuota(FileManifest manifest) throws IOException {
        if (Files.exists(partialDir.resolve(manifest.getSha256()))) {
            if (usedBytes() + reserved > limits.quotaBytes()) {
                throw new IllegalArgumentException("storage quota exceeded: cannot resume " + manifest.getSha256()
                        + " with " + usedBytes() + " of " + limits.quotaBytes() + " bytes in use");
            }
        } else {
            requireRoomFor(manifest.getSize());
        }
        return openPartial(manifest);
    }

    /**
     * The last step of a download: whole-file hash check, then the atomic move into the blobs.
     * A mismatch (chunk hashes that do not add up to the file hash: a forged manifest) deletes
     * the partial file and throws.
     */
    public void complete(PartialFile partial) throws IOException {
        FileManifest manifest = partial.manifest();
        partial.close();
        MessageDigest digest = Manifests.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(partial.path()), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(manifest.getSha256())) {
            Files.deleteIfExists(partial.path());
            forget(manifest.getSha256());
            throw new IOException("file hash " + actual + " does not match the manifest's " + manifest.getSha256());
        }
        Files.move(
                partial.path(),
                blobsDir.resolve(manifest.getSha256()),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        held.add(manifest.getSha256());
    }

    /** One chunk by positional reads, which are safe next to concurrent positional writes. */
    private static byte[] readChunk(FileChannel channel, FileManifest manifest, int index, String shortMessage)
            throws IOException {
        byte[] data = new byte[Manifests.chunkLength(manifest, index)];
        ByteBuffer buffer = ByteBuffer.wrap(data);
        long offset = Manifests.chunkOffset(manifest, index);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException(shortMessage);
            }
        }
        return data;
    }

    /** A download's file: chunks written in place at their offsets, in any order. */
    public static final class PartialFile implements AutoCloseable {
        private final FileManifest manifest;
        private final Path path;
        private final FileChannel channel;

        PartialFile(FileManifest manifest, Path path) throws IOException {
            this.manifest = manifest;
            this.path = path;
            this.channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        public FileManifest manifest() {
            return manifest;
        }

        Path path() {
            return path;
        }

        /**
         * The chunks already on disk and correct: re-hashed, so a resumed download trusts nothing
         * but the manifest, not even a bitmap of its own.
         */
        public BitSet verifiedChunks() throws IOException {
            BitSet have = new BitSet();
            long length = channel.size();
            for (int i = 0; i < manifest.getChunkSha256Count(); i++) {
                long offset = Manifests.chunkOffset(manifest, i);
                int size = Manifests.chunkLength(manifest, i);
                if (offset + size > length) {
                    continue;
                }
                byte[] data = new byte[size];
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                    // reading
                }
                if (!buffer.hasRemaining() && matches(i, data)) {
                    have.set(i);
                }
            }
            return have;
        }

        public boolean matches(int index, byte[] data) {
            return data.length == Manifests.chunkLength(manifest, index)
                    && Arrays.equals(
                            Manifests.sha256(data, 0, data.length),
                            manifest.getChunkSha256(index).toByteArray());
        }

        /** Chunk {@code index} as it is on disk (positional read: safe next to concurrent writes). */
        public byte[] read(int index) throws IOException {
            return readChunk(
                    channel,
                    manifest,
                    index,
                    "partial file of " + manifest.getSha256() + " ends before chunk " + index);
        }

        public void write(int index, byte[] data) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long offset = Manifests.chunkOffset(manifest, index);
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        }

        @Override
        public void close() throws IOException {
            if (channel.isOpen()) {
                channel.force(false);
                channel.close();
            }
        }
    }

    /** Peers caught serving corrupt chunks, with counts, as last saved (kept across restarts). */
    public Map<String, Long> loadCorruptPeers() {
        Map<String, Long> out = new LinkedHashMap<>();
        Path file = corruptPeersFile();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2 && !parts[0].isEmpty() && parts[0].length() <= 64) {
                    try {
                        out.put(parts[0], Long.parseLong(parts[1]));
                    } catch (NumberFormatException e) {
                        // skip the line; the record is advisory
                    }
                }
            }
        } catch (IOException e) {
            log.warn("files: could not read {}: {}", file, e.toString());
        }
        return out;
    }

    public synchronized void saveCorruptPeers(Map<String, Long> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((peer, n) -> text.append(peer).append(' ').append(n).append('\n'));
        try {
            AtomicFiles.write(corruptPeersFile(), text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("files: could not save the corrupt-peer record: {}", e.toString());
        }
    }

    private Path corruptPeersFile() {
        return manifestsDir.getParent().resolve("corrupt-peers.txt");
    }

    public StorageUsage usage() {
        return new StorageUsage(usedBytes(), limits.quotaBytes(), limits.maxFileBytes());
    }
}
