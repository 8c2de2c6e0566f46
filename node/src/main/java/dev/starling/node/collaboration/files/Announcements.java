package dev.starling.node.collaboration.files;

import com.google.protobuf.ByteString;
import dev.starling.node.room.LogLimiter;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.FileHave;
import dev.starling.protocol.v1.FileHoldings;
import dev.starling.protocol.v1.FileManifest;
import java.io.IOException;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room-wide half of file sharing: manifests, holdings and chunk announcements, both ways.
 *
 * <p>Everything a peer announces is untrusted until it checks out against this node's limits, and
 * a manifest is stored before its sender counts as a holder. Outgoing announcements are
 * best-effort: the room may be unreachable for a moment, and the next holdings exchange (on join,
 * merge, or a newcomer) repeats everything this node knows and holds, so nothing is retried here.
 */
final class Announcements implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Announcements.class);
    private static final int HOLDINGS_PAGE_BYTES = 512 * 1024;

    private final FileStore store;
    private final Holders holders;
    private final FileService.Broadcaster room;
    private final Consumer<FileEvent> events;
    private final AtomicLong rejectedManifests = new AtomicLong();
    private final ManifestBudget budget = new ManifestBudget();
    private final LogLimiter rejections = new LogLimiter(java.time.Duration.ofSeconds(10), 64);
    /** Sends off the caller's thread: a download or membership callback must not block on the room. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(DaemonThreads.named("file-holdings"));

    Announcements(FileStore store, Holders holders, FileService.Broadcaster room, Consumer<FileEvent> events) {
        this.store = store;
        this.holders = holders;
        this.room = room;
        this.events = events;
    }

    // ---- incoming ----

    void onManifest(String peer, FileManifest manifest) {
        if (!manifest.getOwner().equals(peer)) {
            reject(peer, "owner " + manifest.getOwner() + " is not the sender");
            return;
        }
        if (accept(peer, manifest)) {
            holders.add(manifest.getSha256(), peer);
        }
    }

    void onHoldings(String peer, FileHoldings holdings) {
        for (FileManifest manifest : holdings.getManifestsList()) {
            accept(peer, manifest);
        }
        for (String hash : holdings.getHeldList()) {
            if (store.manifest(hash).isPresent()) {
                holders.add(hash, peer);
            }
        }
    }

    /** A peer's download in progress: it can serve the chunks it names. */
    void onHave(String peer, FileHave have) {
        Optional<FileManifest> manifest = store.manifest(have.getSha256());
        int chunks = manifest.map(FileManifest::getChunkSha256Count).orElse(0);
        BitSet bits = BitSet.valueOf(have.getChunks().asReadOnlyByteBuffer());
        if (manifest.isEmpty() || have.getChunks().size() > (chunks + 7) / 8 || bits.length() > chunks) {
            log.debug(
                    "files: ignored a chunk announcement from {} for {}: unknown file or bitmap out of range",
                    peer,
                    have.getSha256());
            return;
        }
        holders.addPartial(have.getSha256(), peer, bits);
    }

    private boolean accept(String peer, FileManifest manifest) {
        String problem = Manifests.problem(manifest, store.limits());
        if (problem != null) {
            reject(peer, problem);
            return false;
        }
        if (store.manifest(manifest.getSha256()).isEmpty() && !budget.admit(peer, manifest.getSerializedSize())) {
            reject(
                    peer,
                    "over the manifest budget (" + ManifestBudget.PER_PEER + " per peer, " + ManifestBudget.TOTAL_BYTES
                            + " bytes in all)");
            return false;
        }
        try {
            if (store.remember(manifest)) {
                events.accept(new FileEvent.Announced(manifest, peer));
            }
            return true;
        } catch (IOException e) {
            log.warn("files: could not store manifest {}: {}", manifest.getSha256(), e.toString());
            return false;
        }
    }

    private void reject(String peer, String problem) {
        rejectedManifests.incrementAndGet();
        rejections.warn(peer, () -> "files: rejected manifest from " + peer + ": " + problem, log::warn);
        events.accept(new FileEvent.Rejected(peer, problem));
    }

    long rejectedManifests() {
        return rejectedManifests.get();
    }

    // ---- outgoing ----

    /** Announces a file this node just shared, on the caller's thread so the room hears of it first. */
    void announceShared(FileManifest manifest) {
        try {
            room.broadcast(Envelope.newBuilder().setFileManifest(manifest));
        } catch (RuntimeException e) {
            log.warn("files: {} stored but not announced yet: {}", manifest.getSha256(), e.getMessage());
        }
    }

    /** The chunks a running download can serve; see {@link Download#haveToAnnounce}. */
    void announceHave(String hash, byte[] chunks) {
        background.execute(() -> broadcastQuietly(Envelope.newBuilder()
                .setFileHave(FileHave.newBuilder().setSha256(hash).setChunks(ByteString.copyFrom(chunks)))));
    }

    /** A download completed: this node now holds the whole file. */
    void announceHeld(String hash) {
        background.execute(() -> broadcastQuietly(
                Envelope.newBuilder().setFileHoldings(FileHoldings.newBuilder().addHeld(hash))));
    }

    /** Everything this node knows and holds, for members who may not have heard it. */
    void announceHoldings() {
        background.execute(this::broadcastHoldings);
    }

    /** In pages below the envelope cap. */
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

    @Override
    public void close() {
        background.shutdownNow();
    }
}
