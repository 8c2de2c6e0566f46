package dev.starling.node.collaboration.files;

import com.google.protobuf.ByteString;
import dev.starling.node.events.LiveEvents;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.node.room.Micros;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import dev.starling.protocol.v1.FileHave;
import dev.starling.protocol.v1.FileHoldings;
import dev.starling.protocol.v1.FileManifest;
import dev.starling.protocol.v1.FileTransfer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File sharing in the room: share, announce, know who holds what, serve chunks, fetch.
 *
 * <p>Who holds a file is learned from announcements (the owner), from {@link FileHoldings}
 * (everyone's manifests and complete files, sent on join, on merge and to newcomers) and from a
 * holder's one-line holdings after each completed download. Departed members stop being holders
 * at once, so a download whose source crashes continues from the others.
 */
public final class FileService implements MembershipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileService.class);
    /** Chunks in flight per holder: 8 x 256 KiB keeps a LAN link busy without flooding anyone. */
    private static final int WINDOW = 8;
    private static final long CHUNK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_CHUNKS_PER_REQUEST = 64;
    private static final int HOLDINGS_PAGE_BYTES = 512 * 1024;
    private static final int SERVE_QUEUE = 512;

    /** How this service talks to the room as a whole. */
    public interface Broadcaster {
        void broadcast(Envelope.Builder body);
    }

    /** Test-only: serve corrupted chunks (see README, "corrupting peer"). */
    public static final String CORRUPT_PROPERTY = "starling.test.corruptChunks";

    private final String selfId;
    private final FileStore store;
    private final ChunkTransport transport;
    private final Broadcaster room;
    private final LiveEvents events;
    private final Clock clock;
    private final boolean corruptServedChunks;
    private final Map<String, Set<String>> holders = new ConcurrentHashMap<>();
    /** Peers downloading a file, with the chunks they announced (hash -> peer -> chunks). */
    private final Map<String, Map<String, BitSet>> partialHolders = new ConcurrentHashMap<>();
    private final Map<String, Download> downloads = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> finished = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> corruptByPeer = new ConcurrentHashMap<>();
    private final AtomicLong rejectedManifests = new AtomicLong();
    private final AtomicLong rejectedRequests = new AtomicLong();
    private final AtomicLong servedChunks = new AtomicLong();
    private final ExecutorService downloadThreads;
    private final ThreadPoolExecutor serveThreads;
    private final ExecutorService background;
    private volatile Consumer<FileManifest> onShared = m -> { };

    public FileService(String selfId, FileStore store, ChunkTransport transport, Broadcaster room, LiveEvents events,
                       Clock clock, boolean corruptServedChunks) {
        this.selfId = selfId;
        this.store = store;
        this.transport = transport;
        this.room = room;
        this.events = events;
        this.clock = clock;
        this.corruptServedChunks = corruptServedChunks;
        if (corruptServedChunks) {
            log.warn("files: TEST MODE: this node serves corrupted chunks ({})", CORRUPT_PROPERTY);
        }
        store.loadCorruptPeers().forEach((peer, n) -> corruptByPeer.put(peer, new AtomicLong(n)));
        this.downloadThreads = Executors.newCachedThreadPool(daemon("file-download"));
        this.serveThreads = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(SERVE_QUEUE),
                daemon("file-serve"));
        this.background = Executors.newSingleThreadExecutor(daemon("file-holdings"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Called with each file this node shares, after it is stored and announced (the chat line). */
    public void onShared(Consumer<FileManifest> listener) {
        this.onShared = listener;
    }

    /** Resumes downloads a previous run left unfinished; they proceed once holders are known. */
    public void resumeInterrupted() throws IOException {
        for (String hash : store.partials()) {
            log.info("files: resuming interrupted download of {}", hash);
            startDownload(store.manifest(hash).orElseThrow());
        }
    }

    // ---- sharing ----

    /** Stores a new file from a stream, announces it, and returns its manifest. */
    public FileManifest share(InputStream content, String name) throws IOException {
        FileManifest manifest = store.importStream(content, name, selfId, Micros.now(clock));
        String problem = Manifests.problem(manifest, store.limits());
        if (problem != null) {
            throw new IllegalArgumentException("cannot share this file: " + problem);
        }
        holders.computeIfAbsent(manifest.getSha256(), h -> ConcurrentHashMap.newKeySet()).add(selfId);
        try {
            room.broadcast(Envelope.newBuilder().setFileManifest(manifest));
        } catch (RuntimeException e) {
            // Stored; the next holdings exchange (join, merge, newcomer) announces it.
            log.warn("files: {} stored but not announced yet: {}", manifest.getSha256(), e.getMessage());
        }
        publish("shared", manifest, Map.of());
        onShared.accept(manifest);
        return manifest;
    }

    // ---- room messages ----

    public void onEnvelope(Envelope envelope) {
        String peer = envelope.getSender();
        switch (envelope.getBodyCase()) {
            case FILE_MANIFEST -> onManifest(peer, envelope.getFileManifest());
            case FILE_HOLDINGS -> onHoldings(peer, envelope.getFileHoldings());
            case FILE_HAVE -> onHave(peer, envelope.getFileHave());
            case FILE_CHUNK_REQUEST -> onChunkRequest(peer, envelope.getFileChunkRequest());
            case FILE_CHUNK -> onChunk(peer, envelope.getFileChunk(), RoomChunkTransport.NAME);
            default -> { }
        }
    }

    void onManifest(String peer, FileManifest manifest) {
        if (!manifest.getOwner().equals(peer)) {
            reject(peer, manifest, "owner " + manifest.getOwner() + " is not the sender");
            return;
        }
        if (accept(peer, manifest)) {
            addHolder(manifest.getSha256(), peer);
        }
    }

    void onHoldings(String peer, FileHoldings holdings) {
        for (FileManifest manifest : holdings.getManifestsList()) {
            accept(peer, manifest);
        }
        for (String hash : holdings.getHeldList()) {
            if (store.manifest(hash).isPresent()) {
                addHolder(hash, peer);
            }
        }
    }

    /** A peer's download in progress: it can serve the chunks it names. */
    void onHave(String peer, FileHave have) {
        Optional<FileManifest> manifest = store.manifest(have.getSha256());
        int chunks = manifest.map(FileManifest::getChunkSha256Count).orElse(0);
        BitSet bits = BitSet.valueOf(have.getChunks().asReadOnlyByteBuffer());
        if (manifest.isEmpty() || have.getChunks().size() > (chunks + 7) / 8 || bits.length() > chunks) {
            log.debug("files: ignored a chunk announcement from {} for {}: unknown file or bitmap out of range", peer, have.getSha256());
            return;
        }
        if (peer.equals(selfId) || holders.getOrDefault(have.getSha256(), Set.of()).contains(peer)) {
            return;
        }
        partialHolders.computeIfAbsent(have.getSha256(), h -> new ConcurrentHashMap<>()).put(peer, bits);
    }

    private boolean accept(String peer, FileManifest manifest) {
        String problem = Manifests.problem(manifest, store.limits());
        if (problem != null) {
            reject(peer, manifest, problem);
            return false;
        }
        try {
            if (store.remember(manifest)) {
                publish("announced", manifest, Map.of("from", peer));
            }
            return true;
        } catch (IOException e) {
            log.warn("files: could not store manifest {}: {}", manifest.getSha256(), e.toString());
            return false;
        }
    }

    private void reject(String peer, FileManifest manifest, String problem) {
        rejectedManifests.incrementAndGet();
        log.warn("files: rejected manifest from {}: {}", peer, problem);
        events.publish("file", Map.of("action", "rejected", "from", peer, "error", problem));
    }

    /** Serves chunks on the serve threads; a request it cannot honour gets a refusal per chunk. */
    public void onChunkRequest(String peer, FileChunkRequest request) {
        String hash = request.getSha256();
        Optional<FileManifest> manifest = store.manifest(hash);
        Download running = downloads.get(hash);
        ChunkSource source = manifest.isEmpty() ? null
                : store.holds(hash) ? index -> store.readChunk(manifest.get(), index)
                : running != null ? running::readVerified : null;
        if (request.getChunksCount() == 0 || request.getChunksCount() > MAX_CHUNKS_PER_REQUEST || source == null) {
            rejectedRequests.incrementAndGet();
            String why = source == null ? "not held" : "bad request";
            for (int index : request.getChunksList().subList(0, Math.min(request.getChunksCount(), MAX_CHUNKS_PER_REQUEST))) {
                refuse(peer, hash, index, why);
            }
            return;
        }
        for (int index : request.getChunksList()) {
            try {
                serveThreads.execute(() -> serve(peer, manifest.get(), index, source));
            } catch (RejectedExecutionException e) {
                refuse(peer, hash, index, "busy");
            }
        }
    }

    /** Where served chunks come from: the stored file, or a download's verified chunks (null: not yet). */
    private interface ChunkSource {
        byte[] read(int index) throws IOException;
    }

    private void serve(String peer, FileManifest manifest, int index, ChunkSource source) {
        if (index < 0 || index >= manifest.getChunkSha256Count()) {
            refuse(peer, manifest.getSha256(), index, "no such chunk");
            return;
        }
        try {
            byte[] data = source.read(index);
            if (data == null) {
                refuse(peer, manifest.getSha256(), index, "not held");
                return;
            }
            if (corruptServedChunks && data.length > 0) {
                data[0] ^= 0x5a;
            }
            transport.send(peer, FileChunk.newBuilder().setSha256(manifest.getSha256()).setIndex(index)
                    .setData(ByteString.copyFrom(data)).build());
            servedChunks.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            // e.g. the download moved its file into place meanwhile: the peer asks again elsewhere at once
            log.debug("files: could not serve chunk {} of {} to {}: {}", index, manifest.getSha256(), peer, e.toString());
            refuse(peer, manifest.getSha256(), index, "unavailable");
        }
    }

    private void refuse(String peer, String hash, int index, String why) {
        try {
            transport.send(peer, FileChunk.newBuilder().setSha256(hash).setIndex(index).setError(why).build());
        } catch (RuntimeException e) {
            log.debug("files: could not refuse chunk to {}: {}", peer, e.toString());
        }
    }

    /** A transfer from a peer's data channel: handled exactly like the same body from the room. */
    public void onTransfer(String peer, FileTransfer transfer) {
        switch (transfer.getBodyCase()) {
            case REQUEST -> onChunkRequest(peer, transfer.getRequest());
            case CHUNK -> onChunk(peer, transfer.getChunk(), DataChannelChunkTransport.NAME);
            default -> { }
        }
    }

    /** @param via the transport that carried the chunk, for the counters */
    public void onChunk(String peer, FileChunk chunk, String via) {
        transport.received(peer, via, chunk);
        Download download = downloads.get(chunk.getSha256());
        if (download != null) {
            download.offer(peer, chunk, via);
        }
    }

    // ---- fetching ----

    /** Starts (or reports) fetching a copy; returns the current state of that file on this node. */
    public synchronized Map<String, Object> fetch(String hash) throws IOException {
        FileManifest manifest = store.manifest(hash)
                .orElseThrow(() -> new NoSuchElementException("no shared file " + hash + " known here"));
        if (store.holds(hash)) {
            return Map.of("hash", hash, "state", "held");
        }
        Download running = downloads.get(hash);
        if (running != null) {
            return running.snapshot();
        }
        store.requireRoomFor(manifest.getSize());
        return startDownload(manifest).snapshot();
    }

    private Download startDownload(FileManifest manifest) throws IOException {
        Download download = new Download(manifest, store.openPartial(manifest), transport, new DownloadHost(),
                WINDOW, CHUNK_TIMEOUT_NANOS);
        downloads.put(manifest.getSha256(), download);
        finished.remove(manifest.getSha256());
        downloadThreads.execute(download);
        return download;
    }

    private final class DownloadHost implements Download.Host {
        @Override
        public Set<String> holdersOf(String hash) {
            Set<String> out = new TreeSet<>(holders.getOrDefault(hash, Set.of()));
            out.remove(selfId);
            return out;
        }

        @Override
        public Map<String, BitSet> partialHoldersOf(String hash) {
            Map<String, BitSet> out = new TreeMap<>();
            partialHolders.getOrDefault(hash, Map.of()).forEach((peer, bits) -> out.put(peer, (BitSet) bits.clone()));
            out.remove(selfId);
            return out;
        }

        @Override
        public Set<String> corruptPeers() {
            return corruptByPeer.keySet();
        }

        @Override
        public void corruptChunk(String peer, String hash, int index) {
            long total = corruptByPeer.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
            Map<String, Long> record = new TreeMap<>();
            corruptByPeer.forEach((p, n) -> record.put(p, n.get()));
            store.saveCorruptPeers(record);
            log.warn("files: corrupt chunk {} of {} from {} ({} so far); avoiding that peer", index, hash, peer, total);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("action", "corrupt");
            fields.put("hash", hash);
            fields.put("peer", peer);
            fields.put("index", index);
            events.publish("file", fields);
        }

        @Override
        public void progress(Download download) {
            byte[] have = download.haveToAnnounce();
            if (have != null) {
                background.execute(() -> broadcastQuietly(Envelope.newBuilder().setFileHave(
                        FileHave.newBuilder().setSha256(download.hash()).setChunks(ByteString.copyFrom(have)))));
            }
            Map<String, Object> fields = new LinkedHashMap<>(download.snapshot());
            fields.put("action", "progress");
            events.publish("file", fields);
        }

        @Override
        public void finished(Download download, Exception failure) {
            String hash = download.hash();
            Exception result = failure;
            if (result == null && download.isComplete()) {
                try {
                    store.complete(download.partial());
                    addHolder(hash, selfId);
                    background.execute(() -> broadcastQuietly(Envelope.newBuilder().setFileHoldings(
                            FileHoldings.newBuilder().addHeld(hash))));
                } catch (IOException e) {
                    result = e;
                }
            } else {
                try {
                    download.partial().close();
                } catch (IOException e) {
                    log.debug("files: closing partial {}: {}", hash, e.toString());
                }
            }
            if (result != null || download.isComplete()) {
                download.markDone(result);
            }
            Map<String, Object> snapshot = download.snapshot();
            finished.put(hash, snapshot);
            downloads.remove(hash, download);
            Map<String, Object> fields = new LinkedHashMap<>(snapshot);
            fields.put("action", result == null ? (download.isComplete() ? "done" : "stopped") : "failed");
            events.publish("file", fields);
            log.info("files: download of {} {}: {}", hash, fields.get("action"), snapshot);
        }
    }

    private void addHolder(String hash, String peer) {
        holders.computeIfAbsent(hash, h -> ConcurrentHashMap.newKeySet()).add(peer);
        Map<String, BitSet> partial = partialHolders.get(hash);
        if (partial != null) {
            partial.remove(peer);
        }
    }

    // ---- membership ----

    @Override
    public void membershipChanged(MembershipView view, List<Member> joined, List<Departure> departed,
                                  boolean leaderChanged, boolean merged) {
        for (Departure departure : departed) {
            holders.values().forEach(set -> set.remove(departure.member().id()));
            partialHolders.values().forEach(map -> map.remove(departure.member().id()));
        }
        if (merged) {
            // Members on the other side may have come and gone meanwhile: keep only the current view.
            holders.values().forEach(set -> set.removeIf(peer -> !peer.equals(selfId) && !view.contains(peer)));
            partialHolders.values().forEach(map -> map.keySet().removeIf(peer -> !view.contains(peer)));
        }
        boolean newcomers = joined.stream().anyMatch(m -> !m.id().equals(selfId));
        boolean selfJoined = joined.stream().anyMatch(m -> m.id().equals(selfId));
        if (selfJoined || merged || newcomers) {
            background.execute(this::broadcastHoldings);
        }
    }

    /** Everything this node knows and holds, in pages below the envelope cap. */
    private void broadcastHoldings() {
        FileHoldings.Builder page = FileHoldings.newBuilder().addAllHeld(store.held());
        int bytes = page.build().getSerializedSize();
        for (FileManifest manifest : store.manifests()) {
            int size = manifest.getSerializedSize() + 8;
            if (bytes + size > HOLDINGS_PAGE_BYTES && page.getManifestsCount() > 0) {
                broadcastQuietly(Envelope.newBuilder().setFileHoldings(page));
                page = FileHoldings.newBuilder();
                bytes = 0;
            }
            page.addManifests(manifest);
            bytes += size;
        }
        if (page.getManifestsCount() > 0 || page.getHeldCount() > 0) {
            broadcastQuietly(Envelope.newBuilder().setFileHoldings(page));
        }
    }

    private void broadcastQuietly(Envelope.Builder envelope) {
        try {
            room.broadcast(envelope);
        } catch (RuntimeException e) {
            log.debug("files: {} not sent: {}", envelope.getBodyCase(), e.toString());
        }
    }

    // ---- views for the API ----

    public FileStore store() {
        return store;
    }

    public Optional<FileManifest> manifest(String hash) {
        return store.manifest(hash);
    }

    public List<Map<String, Object>> list(java.util.function.Function<String, String> nameOf) {
        List<FileManifest> all = new ArrayList<>(store.manifests());
        all.sort(java.util.Comparator.comparingLong(FileManifest::getSharedAtMicros).thenComparing(FileManifest::getSha256));
        List<Map<String, Object>> out = new ArrayList<>();
        for (FileManifest m : all) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("hash", m.getSha256());
            file.put("name", m.getName());
            file.put("size", m.getSize());
            file.put("chunkSize", m.getChunkSize());
            file.put("chunks", m.getChunkSha256Count());
            file.put("owner", m.getOwner());
            file.put("ownerName", nameOf.apply(m.getOwner()));
            file.put("sharedAt", m.getSharedAtMicros() / 1_000);
            file.put("holders", new TreeSet<>(holders.getOrDefault(m.getSha256(), Set.of())));
            Map<String, Integer> partial = new TreeMap<>();
            partialHolders.getOrDefault(m.getSha256(), Map.of()).forEach((peer, bits) -> partial.put(peer, bits.cardinality()));
            file.put("partialHolders", partial);
            file.put("heldHere", store.holds(m.getSha256()));
            file.put("link", "/api/files/" + m.getSha256());
            progress(m.getSha256()).ifPresent(p -> file.put("download", p));
            out.add(file);
        }
        return out;
    }

    public Optional<Map<String, Object>> progress(String hash) {
        Download running = downloads.get(hash);
        if (running != null) {
            return Optional.of(running.snapshot());
        }
        return Optional.ofNullable(finished.get(hash));
    }

    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>(store.usage());
        Map<String, Long> corrupt = new TreeMap<>();
        corruptByPeer.forEach((peer, n) -> corrupt.put(peer, n.get()));
        out.put("corruptPeers", corrupt);
        out.put("rejectedManifests", rejectedManifests.get());
        out.put("rejectedChunkRequests", rejectedRequests.get());
        out.put("servedChunks", servedChunks.get());
        out.put("transport", transport.name());
        Map<String, Object> counters = transport.counters();
        if (!counters.isEmpty()) {
            out.put("transports", counters);
        }
        return out;
    }

    private void publish(String action, FileManifest manifest, Map<String, Object> extra) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", action);
        fields.put("hash", manifest.getSha256());
        fields.put("name", manifest.getName());
        fields.put("size", manifest.getSize());
        fields.put("owner", manifest.getOwner());
        fields.putAll(extra);
        events.publish("file", fields);
    }

    @Override
    public void close() {
        downloads.values().forEach(Download::stop);
        downloadThreads.shutdown();
        serveThreads.shutdownNow();
        background.shutdownNow();
        try {
            downloadThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
