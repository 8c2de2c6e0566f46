package dev.starling.node.collaboration.files;

import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Picks the path per peer and per message: the data channel while that peer's link has an open
 * file channel, the room's unicast otherwise, or when a data-channel send fails (the link closed
 * or stalled mid-transfer). Counts what went which way, per peer, so the API can tell the truth
 * about which transport carried a file.
 */
public final class PerPeerChunkTransport implements ChunkTransport {
    private final DataChannelChunkTransport direct;
    private final ChunkTransport room;
    /** peer -> transport -> counters. */
    private final Map<String, Map<String, Counters>> counters = new ConcurrentHashMap<>();

    private static final class Counters {
        final AtomicLong requestsSent = new AtomicLong();
        final AtomicLong chunksSent = new AtomicLong();
        final AtomicLong bytesSent = new AtomicLong();
        final AtomicLong chunksReceived = new AtomicLong();
        final AtomicLong bytesReceived = new AtomicLong();
        final AtomicLong fallbacks = new AtomicLong();

        ChunkCounts view() {
            return new ChunkCounts(
                    requestsSent.get(),
                    chunksSent.get(),
                    bytesSent.get(),
                    chunksReceived.get(),
                    bytesReceived.get(),
                    fallbacks.get());
        }
    }

    public PerPeerChunkTransport(DataChannelChunkTransport direct, ChunkTransport room) {
        this.direct = direct;
        this.room = room;
    }

    @Override
    public boolean request(String peer, FileChunkRequest request) {
        return deliver(peer, t -> t.request(peer, request), c -> c.requestsSent.incrementAndGet());
    }

    @Override
    public boolean send(String peer, FileChunk chunk) {
        return deliver(peer, t -> t.send(peer, chunk), c -> {
            if (chunk.getError().isEmpty()) {
                c.chunksSent.incrementAndGet();
                c.bytesSent.addAndGet(chunk.getData().size());
            }
        });
    }

    /** The data channel if the peer's is open and takes it, else the room; counts on the path that carried it. */
    private boolean deliver(String peer, Predicate<ChunkTransport> attempt, Consumer<Counters> carried) {
        if (direct.reaches(peer)) {
            if (attempt.test(direct)) {
                carried.accept(counters(peer, direct.name()));
                return true;
            }
            counters(peer, direct.name()).fallbacks.incrementAndGet();
        }
        boolean sent = attempt.test(room);
        if (sent) {
            carried.accept(counters(peer, room.name()));
        }
        return sent;
    }

    @Override
    public void received(String peer, String via, FileChunk chunk) {
        if (chunk.getError().isEmpty()) {
            Counters c = counters(peer, via);
            c.chunksReceived.incrementAndGet();
            c.bytesReceived.addAndGet(chunk.getData().size());
        }
    }

    private Counters counters(String peer, String via) {
        return counters.computeIfAbsent(peer, p -> new ConcurrentHashMap<>()).computeIfAbsent(via, v -> new Counters());
    }

    @Override
    public String name() {
        return "per-peer: " + direct.name() + " when the peer's link has an open file channel, else " + room.name();
    }

    @Override
    public Optional<TransportCounters> counters() {
        SortedMap<String, SortedMap<String, ChunkCounts>> byPeer = new TreeMap<>();
        SortedMap<String, ChunkCounts> totals = new TreeMap<>();
        counters.forEach((peer, byTransport) -> {
            SortedMap<String, ChunkCounts> view = new TreeMap<>();
            byTransport.forEach((via, c) -> {
                ChunkCounts counts = c.view();
                view.put(via, counts);
                totals.merge(via, counts, ChunkCounts::plus);
            });
            byPeer.put(peer, view);
        });
        return Optional.of(new TransportCounters(totals, byPeer));
    }
}
