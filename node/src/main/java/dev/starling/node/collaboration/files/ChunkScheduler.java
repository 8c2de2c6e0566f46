package dev.starling.node.collaboration.files;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which chunk to ask of which peer, for one download. Pure logic: no clock, no I/O.
 *
 * <p>Every holder gets up to {@code window} chunks in flight; that window is the backpressure, so
 * a fast peer serves more chunks than a slow one and nobody is flooded. A chunk that fails
 * verification is asked of a different peer next time, and the peer that served it is marked
 * corrupt: it is only used again when no trustworthy holder is left. A request that is not
 * answered in time goes back to the queue and counts against the peer.
 */
public final class ChunkScheduler {
    /** One request to make: chunk {@code index} from {@code peer}. */
    public record Assignment(String peer, int index) {}

    private record InFlight(String peer, long sentAtNanos) {}

    private final int chunkCount;
    private final int window;
    private final long timeoutNanos;
    private final BitSet done = new BitSet();
    private final Map<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private final Map<String, Integer> load = new HashMap<>();
    private final Map<Integer, Set<String>> failedPeers = new HashMap<>();
    private final Set<String> corruptPeers = new TreeSet<>();
    private final Map<String, Integer> timeouts = new HashMap<>();
    private int nextCursor;
    /** The sources of the {@link #assign} call under way. */
    private Collection<String> assigningHolders = Set.of();

    private Map<String, BitSet> assigningPartial = Map.of();

    public ChunkScheduler(int chunkCount, int window, long timeoutNanos) {
        if (chunkCount < 0 || window < 1 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("bad scheduler settings");
        }
        this.chunkCount = chunkCount;
        this.window = window;
        this.timeoutNanos = timeoutNanos;
    }

    /** Marks chunks already on disk (a resumed download). */
    public void alreadyHave(BitSet chunks) {
        done.or(chunks);
    }

    public boolean isComplete() {
        return done.cardinality() == chunkCount;
    }

    public int doneCount() {
        return done.cardinality();
    }

    public boolean isDone(int index) {
        return done.get(index);
    }

    public Set<String> corruptPeers() {
        return Set.copyOf(corruptPeers);
    }

    public void markCorrupt(String peer) {
        corruptPeers.add(peer);
    }

    /**
     * Fills every holder's window with chunks nobody is fetching. Prefers peers that have not
     * failed this chunk, and honest peers over ones caught serving corrupt data.
     */
    public List<Assignment> assign(Collection<String> holders, long nowNanos) {
        return assign(holders, Map.of(), nowNanos);
    }

    /**
     * As {@link #assign(Collection, long)}, with peers that hold only some chunks (downloads in
     * progress elsewhere): such a peer is only asked for chunks its bitmap has.
     */
    public List<Assignment> assign(Collection<String> holders, Map<String, BitSet> partial, long nowNanos) {
        List<Assignment> out = new ArrayList<>();
        assigningHolders = holders;
        assigningPartial = partial;
        Set<String> sources = new TreeSet<>(holders);
        sources.addAll(partial.keySet());
        if (sources.isEmpty() || isComplete()) {
            return out;
        }
        List<String> honest = new ArrayList<>();
        for (String peer : sources) {
            if (!corruptPeers.contains(peer)) {
                honest.add(peer);
            }
        }
        List<String> usable = honest.isEmpty() ? new ArrayList<>(sources) : honest;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (String peer : usable) {
                if (load.getOrDefault(peer, 0) >= window) {
                    continue;
                }
                int index = holders.contains(peer)
                        // a full holder first takes what no partial holder can serve, leaving them theirs
                        ? nextChunkFor(peer, usable, null, partial.values())
                        : nextChunkFor(peer, usable, partial.get(peer), List.of());
                if (index < 0 && holders.contains(peer) && !partial.isEmpty()) {
                    index = nextChunkFor(peer, usable, null, List.of());
                }
                if (index < 0) {
                    continue;
                }
                inFlight.put(index, new InFlight(peer, nowNanos));
                load.merge(peer, 1, Integer::sum);
                out.add(new Assignment(peer, index));
                progress = true;
            }
        }
        return out;
    }

    /**
     * The first wanted chunk this peer may serve, scanning round-robin so peers spread over the
     * file; {@code has} limits a partial holder to its chunks (null: it has them all), and chunks in
     * {@code leaveTo} are skipped.
     */
    private int nextChunkFor(String peer, List<String> usable, BitSet has, Collection<BitSet> leaveTo) {
        for (int step = 0; step < chunkCount; step++) {
            int index = (nextCursor + step) % chunkCount;
            if (done.get(index) || inFlight.containsKey(index) || (has != null && !has.get(index))) {
                continue;
            }
            if (leftToOthers(index, leaveTo)) {
                continue;
            }
            Set<String> failed = failedPeers.getOrDefault(index, Set.of());
            // Skip a peer that failed this chunk while some other usable peer that has it has not.
            if (failed.contains(peer) && anotherCanServe(index, usable, failed)) {
                continue;
            }
            nextCursor = index + 1;
            return index;
        }
        return -1;
    }

    private boolean anotherCanServe(int index, List<String> usable, Set<String> failed) {
        for (String other : usable) {
            BitSet has = assigningPartial.get(other);
            if (!failed.contains(other) && (assigningHolders.contains(other) || (has != null && has.get(index)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean leftToOthers(int index, Collection<BitSet> leaveTo) {
        for (BitSet other : leaveTo) {
            if (other.get(index)) {
                return true;
            }
        }
        return false;
    }

    /** The chunk arrived and verified. Returns false if it was not expected (late or duplicate). */
    public boolean verified(int index, String peer) {
        InFlight flight = inFlight.get(index);
        if (flight != null) {
            // Whoever it was asked of: a re-asked chunk may come back from the first peer after all.
            release(index, flight.peer());
        }
        if (index < 0 || index >= chunkCount || done.get(index)) {
            return false;
        }
        done.set(index);
        failedPeers.remove(index);
        return true;
    }

    /** The chunk arrived but its hash was wrong: requeue it and distrust the peer. */
    public void corrupt(int index, String peer) {
        release(index, peer);
        corruptPeers.add(peer);
        failedPeers.computeIfAbsent(index, i -> new HashSet<>()).add(peer);
    }

    /** The peer said it cannot serve this chunk. */
    public void unavailable(int index, String peer) {
        release(index, peer);
        failedPeers.computeIfAbsent(index, i -> new HashSet<>()).add(peer);
    }

    /** Requests older than the timeout go back to the queue; returns how many. */
    public int expire(long nowNanos) {
        List<Integer> late = new ArrayList<>();
        inFlight.forEach((index, flight) -> {
            if (nowNanos - flight.sentAtNanos() > timeoutNanos) {
                late.add(index);
            }
        });
        for (int index : late) {
            InFlight flight = inFlight.get(index);
            timeouts.merge(flight.peer(), 1, Integer::sum);
            unavailable(index, flight.peer());
        }
        return late.size();
    }

    /** The peer left: everything it was serving goes back to the queue. */
    public void peerGone(String peer) {
        List<Integer> orphaned = new ArrayList<>();
        inFlight.forEach((index, flight) -> {
            if (flight.peer().equals(peer)) {
                orphaned.add(index);
            }
        });
        orphaned.forEach(index -> release(index, peer));
    }

    public int inFlightCount() {
        return inFlight.size();
    }

    public Map<String, Integer> timeoutsByPeer() {
        return Map.copyOf(timeouts);
    }

    private void release(int index, String peer) {
        InFlight flight = inFlight.get(index);
        if (flight != null && flight.peer().equals(peer)) {
            inFlight.remove(index);
            load.computeIfPresent(peer, (p, n) -> n <= 1 ? null : n - 1);
        }
    }
}
