package dev.starling.node.media;

import dev.starling.node.media.session.LinkOwner;
import dev.starling.node.media.session.PeerSession;
import dev.starling.protocol.v1.MediaSignal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links of this node, one per remote peer, and the rules that open and end them: which
 * signal may open a link, when a peer restarted, and which late signals of a dead link to drop.
 * Every change happens on one routing thread, so those rules never race each other; lookups
 * are safe from any thread.
 */
final class LinkRegistry implements LinkOwner {
    private static final Logger log = LoggerFactory.getLogger(LinkRegistry.class);
    private static final int DEAD_SESSIONS_KEPT = 64;
    private static final long CLOSE_TIMEOUT_SECONDS = 15;

    private final String localPeerId;
    private final Executor routingThread;
    private final Function<String, PeerSession> opener;
    /** Told the peer of every link closed while the engine runs, so the buses can forget that peer. */
    private final Consumer<String> closed;

    private final Map<String, PeerSession> sessions = new ConcurrentHashMap<>();
    /** Sessions the remote hung up, so late candidates of a dead session do not resurrect it. */
    private final Map<Long, Boolean> deadRemoteSessions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > DEAD_SESSIONS_KEPT;
        }
    };

    private volatile boolean closing;

    /**
     * @param opener creates (but does not open) the session for a peer
     * @param closed told the remote peer of each link closed while the engine runs
     */
    LinkRegistry(
            String localPeerId, Executor routingThread, Function<String, PeerSession> opener, Consumer<String> closed) {
        this.localPeerId = localPeerId;
        this.routingThread = routingThread;
        this.opener = opener;
        this.closed = closed;
    }

    /** Starts (or keeps) a link to a peer that is in the room. Idempotent. */
    void connect(String peerId) {
        onRoutingThread(() -> sessionFor(peerId));
    }

    /** Ends the link to one peer and tells it so. */
    void hangup(String peerId) {
        onRoutingThread(() -> {
            PeerSession s = sessions.remove(peerId);
            if (s != null) {
                synchronized (deadRemoteSessions) {
                    // Late signals of the connection we just ended must not re-open it.
                    deadRemoteSessions.put(s.remoteSession(), Boolean.TRUE);
                }
                s.sendHangup();
                closeSession(s);
                log.info("{} hung up on {}", localPeerId, peerId);
            }
        });
    }

    /** Entry point for signals from the room. Never throws; malformed signals are logged and dropped. */
    void onSignal(String fromPeer, MediaSignal signal) {
        if (closing || fromPeer == null || fromPeer.isEmpty() || fromPeer.equals(localPeerId)) {
            return;
        }
        onRoutingThread(() -> dispatch(fromPeer, signal));
    }

    @Override
    public void discard(PeerSession session) {
        try {
            routingThread.execute(() -> {
                if (sessions.remove(session.remotePeer(), session)) {
                    closeSession(session);
                }
            });
        } catch (RejectedExecutionException closing) {
            // the engine's close() takes care of it
        }
    }

    /** The link to {@code peerId}, or null. */
    PeerSession get(String peerId) {
        return sessions.get(peerId);
    }

    Collection<PeerSession> all() {
        return sessions.values();
    }

    /** Whose voices {@code source}'s link carries, as it announced; just {@code source} before it did. */
    Set<String> carriedBy(String source) {
        PeerSession s = sessions.get(source);
        Set<String> carried = s == null ? Set.of() : s.remoteMixOrigins();
        return carried.isEmpty() ? Set.of(source) : carried;
    }

    /** How loud each voice in {@code source}'s mix to us was lately, as it said (empty for no mix). */
    Map<String, Double> mixLevelsFrom(String source) {
        PeerSession s = sessions.get(source);
        return s == null ? Map.of() : s.remoteMixLevels();
    }

    /** Whether {@code source}'s audio to us may carry {@code origin}'s voice (see AudioBus's echo guard). */
    boolean carries(String source, String origin) {
        PeerSession s = sessions.get(source);
        return s != null && s.remoteMixCarries(origin);
    }

    /** Room calls are routed on one thread, which never waits on libwebrtc; after close they are no-ops. */
    private void onRoutingThread(Runnable task) {
        try {
            routingThread.execute(task);
        } catch (RejectedExecutionException closing) {
            log.debug("{}: call after close ignored", localPeerId);
        }
    }

    private void dispatch(String from, MediaSignal signal) {
        try {
            route(from, signal);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Exception | Error e) {
            log.warn("{}: signal from {} dropped: {}", localPeerId, from, e.toString());
        }
    }

    private void route(String from, MediaSignal signal) {
        if (closing) {
            return;
        }
        long remoteSession = signal.getSession();
        synchronized (deadRemoteSessions) {
            if (deadRemoteSessions.containsKey(remoteSession)) {
                return;
            }
        }
        PeerSession existing = sessions.get(from);
        if (signal.getSignalCase() == MediaSignal.SignalCase.HANGUP) {
            if (existing != null && (existing.remoteSession() == 0 || existing.remoteSession() == remoteSession)) {
                sessions.remove(from);
                closeSession(existing);
                log.info("{}: {} hung up", localPeerId, from);
            }
            synchronized (deadRemoteSessions) {
                deadRemoteSessions.put(remoteSession, Boolean.TRUE);
            }
            return;
        }
        if (signal.getSignalCase() == MediaSignal.SignalCase.SIGNAL_NOT_SET) {
            return;
        }
        if (existing != null && existing.remoteSession() != 0 && existing.remoteSession() != remoteSession) {
            // The remote restarted (new process or re-joined): its old connection is gone.
            log.info("{}: {} restarted its session; reconnecting", localPeerId, from);
            sessions.remove(from);
            closeSession(existing);
            existing = null;
        }
        if (existing == null) {
            boolean isOffer = signal.hasDescription()
                    && "offer".equals(signal.getDescription().getType());
            if (!isOffer) {
                log.debug("{}: dropping {} from {} without a session", localPeerId, signal.getSignalCase(), from);
                return;
            }
            existing = sessionFor(from);
            if (existing == null) {
                return;
            }
            existing.adoptRemoteSession(remoteSession);
            existing.submitFirstOffer(signal);
            return;
        }
        if (existing.remoteSession() == 0) {
            existing.adoptRemoteSession(remoteSession);
        }
        existing.submit(signal);
    }

    private PeerSession sessionFor(String peerId) {
        if (closing || peerId.equals(localPeerId)) {
            return null;
        }
        PeerSession s = sessions.get(peerId);
        if (s == null) {
            s = opener.apply(peerId);
            sessions.put(peerId, s);
            s.openAsync();
        }
        return s;
    }

    private void closeSession(PeerSession s) {
        s.closeAsync();
        closed.accept(s.remotePeer());
    }

    /** From now on no link opens and no signal is routed. Returns false if already closing. */
    boolean beginClose() {
        if (closing) {
            return false;
        }
        closing = true;
        return true;
    }

    boolean isClosing() {
        return closing;
    }

    /** Hangs up every link and waits (bounded) until each finished its teardown. */
    void closeAll() {
        List<CompletableFuture<Void>> closingLinks = new ArrayList<>();
        for (PeerSession s : sessions.values()) {
            s.sendHangup();
            closingLinks.add(s.closeAsync());
        }
        sessions.clear();
        try {
            CompletableFuture.allOf(closingLinks.toArray(CompletableFuture[]::new))
                    .get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("{}: not every link finished closing: {}", localPeerId, e.toString());
        }
    }
}
