package dev.starling.node.collaboration.files;

import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import dev.starling.protocol.v1.FileManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file being fetched: asks holders for chunks as the {@link ChunkScheduler} decides, checks
 * every chunk against the manifest, writes good ones in place, and finishes with the whole-file
 * check. Runs on its own thread; chunks arrive through {@link #offer}.
 */
final class Download implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Download.class);
    private static final long POLL_MILLIS = 100;
    private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    /** What a download needs from the service around it. */
    interface Host {
        Set<String> holdersOf(String hash);

        /** Peers fetching the same file, with the chunks each has announced. */
        Map<String, BitSet> partialHoldersOf(String hash);

        Set<String> corruptPeers();

        void corruptChunk(String peer, String hash, int index);

        void progress(Download download);

        void finished(Download download, Exception failure);
    }

    private record Incoming(String peer, FileChunk chunk, String via) {}

    private final FileManifest manifest;
    private final FileStore.PartialFile partial;
    private final ChunkTransport transport;
    private final Host host;
    private final ChunkScheduler scheduler;
    private final BlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
    /** Verified bytes per source and per transport that carried them; guarded by bytesByPeer. */
    private final Map<String, Long> bytesByPeer = new TreeMap<>();

    private final Map<String, Long> bytesByTransport = new TreeMap<>();
    /** Chunks verified on disk, for serving others while this download runs; guarded by itself. */
    private final BitSet servable = new BitSet();

    private final int resumedChunks;
    private int announcedChunks = -1; // guarded by servable
    private volatile boolean stopped;
    private volatile DownloadState state = DownloadState.WAITING;
    private volatile String error = "";
    private volatile long startedNanos;
    private volatile long finishedNanos;
    private volatile long fetchedBytes;
    private volatile int doneChunks;
    private volatile int corruptChunks;
    private volatile int sources;

    Download(
            FileManifest manifest,
            FileStore.PartialFile partial,
            ChunkTransport transport,
            Host host,
            int window,
            long timeoutNanos)
            throws IOException {
        this.manifest = manifest;
        this.partial = partial;
        this.transport = transport;
        this.host = host;
        this.scheduler = new ChunkScheduler(manifest.getChunkSha256Count(), window, timeoutNanos);
        BitSet have = partial.verifiedChunks();
        scheduler.alreadyHave(have);
        servable.or(have);
        this.resumedChunks = have.cardinality();
        this.doneChunks = resumedChunks;
    }

    String hash() {
        return manifest.getSha256();
    }

    FileManifest manifest() {
        return manifest;
    }

    void offer(String peer, FileChunk chunk, String via) {
        if (!stopped) {
            incoming.add(new Incoming(peer, chunk, via));
        }
    }

    void stop() {
        stopped = true;
    }

    /** A verified chunk of this partial file, or null if it is not here yet. Any thread. */
    byte[] readVerified(int index) throws IOException {
        synchronized (servable) {
            if (!servable.get(index)) {
                return null;
            }
        }
        return partial.read(index);
    }

    /**
     * The bitmap to announce, or null when no chunk arrived since the last announcement (or none
     * is here at all): the room hears of a growing download at most once per progress tick.
     */
    byte[] haveToAnnounce() {
        synchronized (servable) {
            int count = servable.cardinality();
            if (count == 0 || count == announcedChunks) {
                return null;
            }
            announcedChunks = count;
            return servable.toByteArray();
        }
    }

    @Override
    public void run() {
        startedNanos = System.nanoTime();
        Exception failure = null;
        try {
            host.corruptPeers().forEach(scheduler::markCorrupt);
            Set<String> lastHolders = new HashSet<>();
            long lastProgress = 0;
            while (!stopped && !scheduler.isComplete()) {
                long now = System.nanoTime();
                scheduler.expire(now);
                Set<String> holders = host.holdersOf(hash());
                Map<String, BitSet> partialHolders = host.partialHoldersOf(hash());
                Set<String> all = new HashSet<>(holders);
                all.addAll(partialHolders.keySet());
                for (String gone : lastHolders) {
                    if (!all.contains(gone)) {
                        scheduler.peerGone(gone);
                    }
                }
                lastHolders = all;
                sources = all.size();
                state = all.isEmpty() ? DownloadState.WAITING : DownloadState.FETCHING;
                request(scheduler.assign(holders, partialHolders, now));
                Incoming next = incoming.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                while (next != null) {
                    handle(next);
                    next = incoming.poll();
                }
                if (now - lastProgress > PROGRESS_EVERY_NANOS) {
                    lastProgress = now;
                    host.progress(this);
                }
            }
            if (scheduler.isComplete()) {
                state = DownloadState.VERIFYING;
                finishedNanos = System.nanoTime();
                host.progress(this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
        if (failure != null) {
            state = DownloadState.FAILED;
            error = failure.getMessage();
            log.warn("files: download of {} failed: {}", hash(), failure.toString());
        } else if (stopped) {
            state = DownloadState.STOPPED;
        }
        host.finished(this, failure);
    }

    /** Called by the service once it has moved the file into place (or failed to). */
    void markDone(Exception failure) {
        if (failure == null) {
            state = DownloadState.DONE;
        } else {
            state = DownloadState.FAILED;
            error = failure.getMessage();
        }
    }

    FileStore.PartialFile partial() {
        return partial;
    }

    boolean isComplete() {
        return scheduler.isComplete();
    }

    private void request(List<ChunkScheduler.Assignment> assignments) {
        Map<String, List<Integer>> byPeer = new LinkedHashMap<>();
        for (ChunkScheduler.Assignment a : assignments) {
            byPeer.computeIfAbsent(a.peer(), p -> new ArrayList<>()).add(a.index());
        }
        byPeer.forEach((peer, chunks) -> {
            boolean sent;
            try {
                sent = transport.request(
                        peer,
                        FileChunkRequest.newBuilder()
                                .setSha256(hash())
                                .addAllChunks(chunks)
                                .build());
            } catch (RuntimeException e) {
                sent = false;
            }
            if (!sent) {
                scheduler.peerGone(peer);
            }
        });
    }

    private void handle(Incoming in) throws IOException {
        FileChunk chunk = in.chunk();
        int index = chunk.getIndex();
        if (index < 0 || index >= manifest.getChunkSha256Count()) {
            log.debug("files: chunk index {} of {} from {} out of range", index, hash(), in.peer());
            return;
        }
        if (!chunk.getError().isEmpty()) {
            scheduler.unavailable(index, in.peer());
            return;
        }
        if (scheduler.isDone(index)) {
            scheduler.verified(index, in.peer());
            return;
        }
        byte[] data = chunk.getData().toByteArray();
        if (!partial.matches(index, data)) {
            corruptChunks++;
            scheduler.corrupt(index, in.peer());
            host.corruptChunk(in.peer(), hash(), index);
            return;
        }
        partial.write(index, data);
        synchronized (servable) {
            servable.set(index);
        }
        if (scheduler.verified(index, in.peer())) {
            fetchedBytes += data.length;
            doneChunks = scheduler.doneCount();
            synchronized (bytesByPeer) {
                bytesByPeer.merge(in.peer(), (long) data.length, Long::sum);
                bytesByTransport.merge(in.via(), (long) data.length, Long::sum);
            }
        }
    }

    DownloadStatus status() {
        long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
        double seconds = startedNanos == 0 ? 0 : (end - startedNanos) / 1e9;
        long fetched = fetchedBytes;
        TreeMap<String, Long> byPeer;
        TreeMap<String, Long> byTransport;
        synchronized (bytesByPeer) {
            byPeer = new TreeMap<>(bytesByPeer);
            byTransport = new TreeMap<>(bytesByTransport);
        }
        return new DownloadStatus(
                hash(),
                manifest.getName(),
                manifest.getSize(),
                state,
                error == null ? "" : error,
                manifest.getChunkSha256Count(),
                doneChunks,
                resumedChunks,
                corruptChunks,
                sources,
                fetched,
                Math.round(seconds * 1000) / 1000.0,
                seconds <= 0 ? 0 : Math.round(fetched / seconds / 1e6 * 100) / 100.0,
                byPeer,
                byTransport,
                transport.name());
    }
}
