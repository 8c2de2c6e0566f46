package dev.starling.node.collaboration.files;

import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileManifest;
import java.io.IOException;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's downloads, from the fetch request to the file moved into place. Each {@link Download}
 * runs on its own thread and asks this class for what lies outside it: who holds what now, which
 * peers lied before (remembered across restarts, so a liar stays avoided), and what to do when it
 * ends. A finished download's last status is kept so the API can still say how it went.
 */
final class Downloads implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Downloads.class);
    /** Chunks in flight per holder: 8 x 256 KiB keeps a LAN link busy without flooding anyone. */
    private static final int WINDOW = 8;

    private static final long CHUNK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String selfId;
    private final FileStore store;
    private final ChunkTransport transport;
    private final Holders holders;
    private final Announcements announcements;
    private final Consumer<FileEvent> events;
    private final Map<String, Download> running = new ConcurrentHashMap<>();
    private final Map<String, DownloadStatus> finished = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> corruptByPeer = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("file-download"));

    Downloads(
            String selfId,
            FileStore store,
            ChunkTransport transport,
            Holders holders,
            Announcements announcements,
            Consumer<FileEvent> events) {
        this.selfId = selfId;
        this.store = store;
        this.transport = transport;
        this.holders = holders;
        this.announcements = announcements;
        this.events = events;
        store.loadCorruptPeers().forEach((peer, n) -> corruptByPeer.put(peer, new AtomicLong(n)));
    }

    /** Resumes downloads a previous run left unfinished; they proceed once holders are known. */
    void resumeInterrupted() throws IOException {
        for (String hash : store.partials()) {
            log.info("files: resuming interrupted download of {}", hash);
            try {
                start(store.manifest(hash).orElseThrow());
            } catch (IllegalArgumentException e) {
                log.warn("files: not resuming {}: {}", hash, e.getMessage());
            }
        }
    }

    /** Starts (or reports) fetching a copy. */
    synchronized FetchResult fetch(String hash) throws IOException {
        FileManifest manifest = store.manifest(hash).orElseThrow(() -> new UnknownFileException(hash));
        if (store.holds(hash)) {
            return new FetchResult.Held(hash);
        }
        Download download = running.get(hash);
        if (download != null) {
            return download.status();
        }
        return start(manifest).status();
    }

    private Download start(FileManifest manifest) throws IOException {
        Download download = new Download(
                manifest, store.openPartialWithinQuota(manifest), transport, new Host(), WINDOW, CHUNK_TIMEOUT_NANOS);
        running.put(manifest.getSha256(), download);
        finished.remove(manifest.getSha256());
        threads.execute(download);
        return download;
    }

    Optional<Download> running(String hash) {
        return Optional.ofNullable(running.get(hash));
    }

    /** Hands a chunk (or a refusal) to the download waiting for it; dropped if none is. */
    void offer(String peer, FileChunk chunk, String via) {
        Download download = running.get(chunk.getSha256());
        if (download != null) {
            download.offer(peer, chunk, via);
        }
    }

    /** The running download of a file, else how the last one ended. */
    Optional<DownloadStatus> status(String hash) {
        Download download = running.get(hash);
        if (download != null) {
            return Optional.of(download.status());
        }
        return Optional.ofNullable(finished.get(hash));
    }

    SortedMap<String, Long> corruptPeers() {
        SortedMap<String, Long> out = new TreeMap<>();
        corruptByPeer.forEach((peer, n) -> out.put(peer, n.get()));
        return out;
    }

    private final class Host implements Download.Host {
        @Override
        public Set<String> holdersOf(String hash) {
            return holders.others(hash);
        }

        @Override
        public Map<String, BitSet> partialHoldersOf(String hash) {
            return holders.partialOthers(hash);
        }

        @Override
        public Set<String> corruptPeers() {
            return corruptByPeer.keySet();
        }

        @Override
        public void corruptChunk(String peer, String hash, int index) {
            long total =
                    corruptByPeer.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
            store.saveCorruptPeers(Downloads.this.corruptPeers());
            log.warn("files: corrupt chunk {} of {} from {} ({} so far); avoiding that peer", index, hash, peer, total);
            events.accept(new FileEvent.CorruptChunk(hash, peer, index));
        }

        @Override
        public void progress(Download download) {
            byte[] have = download.haveToAnnounce();
            if (have != null) {
                announcements.announceHave(download.hash(), have);
            }
            events.accept(new FileEvent.Progress(download.status()));
        }

        @Override
        public void finished(Download download, Exception failure) {
            String hash = download.hash();
            Exception result = failure;
            if (result == null && download.isComplete()) {
                try {
                    store.complete(download.partial());
                    holders.add(hash, selfId);
                    announcements.announceHeld(hash);
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
            DownloadStatus status = download.status();
            finished.put(hash, status);
            running.remove(hash, download);
            DownloadState outcome = result != null
                    ? DownloadState.FAILED
                    : download.isComplete() ? DownloadState.DONE : DownloadState.STOPPED;
            events.accept(new FileEvent.Ended(status, outcome));
            log.info("files: download of {} {}: {}", hash, outcome.name().toLowerCase(java.util.Locale.ROOT), status);
        }
    }

    @Override
    public void close() {
        running.values().forEach(Download::stop);
        threads.shutdown();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
