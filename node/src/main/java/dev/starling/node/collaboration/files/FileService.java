package dev.starling.node.collaboration.files;

import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.node.room.Micros;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import dev.starling.protocol.v1.FileManifest;
import dev.starling.protocol.v1.FileTransfer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File sharing in the room, as one object for the node to wire up: room messages, data-channel
 * transfers and membership changes come in here and go to the part that owns them
 * ({@link Announcements}, {@link ChunkServer}, {@link Downloads}, all sharing one {@link Holders}).
 *
 * <p>Answers are values ({@link FetchResult}, {@link FileListing}, {@link FileStats}) and
 * happenings are {@link FileEvent}s, so how any of it looks on the wire is the API's business.
 */
public final class FileService implements MembershipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileService.class);

    /** How this service talks to the room as a whole. */
    public interface Broadcaster {
        void broadcast(Envelope.Builder body);
    }

    /** Test-only: serve corrupted chunks (see README, "corrupting peer"). */
    public static final String CORRUPT_PROPERTY = "starling.test.corruptChunks";

    private final String selfId;
    private final FileStore store;
    private final ChunkTransport transport;
    private final Consumer<FileEvent> events;
    private final Clock clock;
    private final Holders holders;
    private final Announcements announcements;
    private final ChunkServer server;
    private final Downloads downloads;
    private volatile Consumer<FileManifest> onShared = m -> {};

    /** @param events where to report what happens (see {@link FileEvent}); called on various threads */
    public FileService(
            String selfId,
            FileStore store,
            ChunkTransport transport,
            Broadcaster room,
            Consumer<FileEvent> events,
            Clock clock,
            boolean corruptServedChunks) {
        this.selfId = selfId;
        this.store = store;
        this.transport = transport;
        this.events = events;
        this.clock = clock;
        if (corruptServedChunks) {
            log.warn("files: TEST MODE: this node serves corrupted chunks ({})", CORRUPT_PROPERTY);
        }
        this.holders = new Holders(selfId);
        this.announcements = new Announcements(store, holders, room, events);
        this.downloads = new Downloads(selfId, store, transport, holders, announcements, events);
        this.server = new ChunkServer(store, transport, downloads::running, corruptServedChunks);
    }

    /** Called with each file this node shares, after it is stored and announced (the chat line). */
    public void onShared(Consumer<FileManifest> listener) {
        this.onShared = listener;
    }

    /** Resumes downloads a previous run left unfinished; they proceed once holders are known. */
    public void resumeInterrupted() throws IOException {
        downloads.resumeInterrupted();
    }

    /** Stores a new file from a stream, announces it, and returns its manifest. */
    public FileManifest share(InputStream content, String name) throws IOException {
        FileManifest manifest = store.importStream(content, name, selfId, Micros.now(clock));
        String problem = Manifests.problem(manifest, store.limits());
        if (problem != null) {
            throw new IllegalArgumentException("cannot share this file: " + problem);
        }
        holders.add(manifest.getSha256(), selfId);
        announcements.announceShared(manifest);
        events.accept(new FileEvent.Shared(manifest));
        onShared.accept(manifest);
        return manifest;
    }

    /** Starts (or reports) fetching a copy onto this node. */
    public FetchResult fetch(String hash) throws IOException {
        return downloads.fetch(hash);
    }

    // ---- traffic ----

    public void onEnvelope(Envelope envelope) {
        String peer = envelope.getSender();
        switch (envelope.getBodyCase()) {
            case FILE_MANIFEST -> announcements.onManifest(peer, envelope.getFileManifest());
            case FILE_HOLDINGS -> announcements.onHoldings(peer, envelope.getFileHoldings());
            case FILE_HAVE -> announcements.onHave(peer, envelope.getFileHave());
            case FILE_CHUNK_REQUEST -> onChunkRequest(peer, envelope.getFileChunkRequest());
            case FILE_CHUNK -> onChunk(peer, envelope.getFileChunk(), RoomChunkTransport.NAME);
            default -> {}
        }
    }

    /** A transfer from a peer's data channel: handled exactly like the same body from the room. */
    public void onTransfer(String peer, FileTransfer transfer) {
        switch (transfer.getBodyCase()) {
            case REQUEST -> onChunkRequest(peer, transfer.getRequest());
            case CHUNK -> onChunk(peer, transfer.getChunk(), DataChannelChunkTransport.NAME);
            default -> {}
        }
    }

    /** Served on the serve threads; a request that cannot be honoured gets a refusal per chunk. */
    public void onChunkRequest(String peer, FileChunkRequest request) {
        server.onRequest(peer, request);
    }

    /** @param via the transport that carried the chunk, for the counters */
    public void onChunk(String peer, FileChunk chunk, String via) {
        transport.received(peer, via, chunk);
        downloads.offer(peer, chunk, via);
    }

    /** Departed members stop being holders at once, so a download whose source crashed continues from the others. */
    @Override
    public void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        for (Departure departure : departed) {
            holders.departed(departure.member().id());
        }
        if (merged) {
            holders.keepOnly(view);
        }
        boolean newcomers = joined.stream().anyMatch(m -> !m.id().equals(selfId));
        boolean selfJoined = joined.stream().anyMatch(m -> m.id().equals(selfId));
        if (selfJoined || merged || newcomers) {
            announcements.announceHoldings();
        }
    }

    // ---- views ----

    public FileStore store() {
        return store;
    }

    public Optional<FileManifest> manifest(String hash) {
        return store.manifest(hash);
    }

    /** Every known file, oldest share first. */
    public List<FileListing> list() {
        return store.manifests().stream()
                .sorted(Comparator.comparingLong(FileManifest::getSharedAtMicros)
                        .thenComparing(FileManifest::getSha256))
                .map(m -> new FileListing(
                        m,
                        holders.of(m.getSha256()),
                        holders.partialCounts(m.getSha256()),
                        store.holds(m.getSha256()),
                        downloads.status(m.getSha256())))
                .toList();
    }

    /** The running download of a file, else how the last one ended; empty if there was none. */
    public Optional<DownloadStatus> progress(String hash) {
        return downloads.status(hash);
    }

    public FileStats stats() {
        return new FileStats(
                store.usage(),
                downloads.corruptPeers(),
                announcements.rejectedManifests(),
                server.rejectedRequests(),
                server.servedChunks(),
                transport.name(),
                transport.counters());
    }

    @Override
    public void close() {
        server.close();
        downloads.close();
        announcements.close();
    }
}
