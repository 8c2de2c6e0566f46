package dev.starling.node.collaboration.files;

import com.google.protobuf.ByteString;
import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import dev.starling.protocol.v1.FileManifest;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves chunks to peers, from held files and from downloads still running (so a swarm helps
 * itself). Two threads and a bounded queue: a peer asking for everything at once gets "busy"
 * refusals instead of starving this node, and every chunk it cannot have gets an explicit refusal,
 * so the asker moves on at once instead of waiting for a timeout.
 */
final class ChunkServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChunkServer.class);
    private static final int MAX_CHUNKS_PER_REQUEST = 64;
    private static final int SERVE_QUEUE = 512;

    /** Where served chunks come from: the stored file, or a download's verified chunks (null: not yet). */
    private interface ChunkSource {
        byte[] read(int index) throws IOException;
    }

    private final FileStore store;
    private final ChunkTransport transport;
    private final Function<String, Optional<Download>> running;
    private final boolean corruptServedChunks;
    private final AtomicLong rejectedRequests = new AtomicLong();
    private final AtomicLong servedChunks = new AtomicLong();
    private final ThreadPoolExecutor serveThreads = new ThreadPoolExecutor(
            2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(SERVE_QUEUE), DaemonThreads.named("file-serve"));

    /**
     * @param running the download of a hash running now, if any
     * @param corruptServedChunks test mode: flip a bit in every chunk served
     */
    ChunkServer(
            FileStore store,
            ChunkTransport transport,
            Function<String, Optional<Download>> running,
            boolean corruptServedChunks) {
        this.store = store;
        this.transport = transport;
        this.running = running;
        this.corruptServedChunks = corruptServedChunks;
    }

    void onRequest(String peer, FileChunkRequest request) {
        String hash = request.getSha256();
        Optional<FileManifest> manifest = store.manifest(hash);
        Optional<Download> download = running.apply(hash);
        ChunkSource source = manifest.isEmpty()
                ? null
                : store.holds(hash)
                        ? index -> store.readChunk(manifest.get(), index)
                        : download.isPresent() ? download.get()::readVerified : null;
        if (request.getChunksCount() == 0 || request.getChunksCount() > MAX_CHUNKS_PER_REQUEST || source == null) {
            rejectedRequests.incrementAndGet();
            String why = source == null ? "not held" : "bad request";
            for (int index :
                    request.getChunksList().subList(0, Math.min(request.getChunksCount(), MAX_CHUNKS_PER_REQUEST))) {
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
            transport.send(
                    peer,
                    FileChunk.newBuilder()
                            .setSha256(manifest.getSha256())
                            .setIndex(index)
                            .setData(ByteString.copyFrom(data))
                            .build());
            servedChunks.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            // e.g. the download moved its file into place meanwhile: the peer asks again elsewhere at once
            log.debug(
                    "files: could not serve chunk {} of {} to {}: {}", index, manifest.getSha256(), peer, e.toString());
            refuse(peer, manifest.getSha256(), index, "unavailable");
        }
    }

    private void refuse(String peer, String hash, int index, String why) {
        try {
            transport.send(
                    peer,
                    FileChunk.newBuilder()
                            .setSha256(hash)
                            .setIndex(index)
                            .setError(why)
                            .build());
        } catch (RuntimeException e) {
            log.debug("files: could not refuse chunk to {}: {}", peer, e.toString());
        }
    }

    long rejectedRequests() {
        return rejectedRequests.get();
    }

    long servedChunks() {
        return servedChunks.get();
    }

    @Override
    public void close() {
        serveThreads.shutdownNow();
    }
}
