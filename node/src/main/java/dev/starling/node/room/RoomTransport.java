package dev.starling.node.room;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jgroups.blocks.cs.NioBaseServer;
import org.jgroups.blocks.cs.NioConnection;
import org.jgroups.logging.Slf4jLogImpl;
import org.jgroups.protocols.TCP_NIO2;

/**
 * The room's TCP transport: JGroups' NIO transport plus a guard on strangers, connections that
 * never say who they are. A peer's first bytes on a new connection are its handshake; JGroups
 * keeps a connection that sends none open forever, and its idle reaping only covers connections
 * that completed one. Here a stranger gets {@link #HANDSHAKE_TIMEOUT} to speak, and at most
 * {@link #MAX_STRANGERS} wait at a time (the newest beyond that are closed at once), so no one
 * can hold a member's sockets and buffers by connecting and saying nothing.
 *
 * <p>JGroups exposes no accept hook, so a sweeper looks at the server's selector once a second
 * (the selector field is read reflectively; JGroups is pinned to one version in the parent POM).
 */
final class RoomTransport extends TCP_NIO2 {
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_STRANGERS = 256;

    private static final Field SELECTOR = selectorField();

    /** When each stranger was first seen; touched only by the sweeper thread. */
    private final Map<SelectionKey, Long> strangersSince = new HashMap<>();

    private final LongAdder closedStrangers = new LongAdder();
    private final LogLimiter closures = new LogLimiter(Duration.ofMinutes(1), 1);
    private ScheduledExecutorService sweeper;

    @Override
    public void start() throws Exception {
        super.start();
        server.log(new QuietAboutStrangers());
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "room-transport-strangers");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        super.stop();
    }

    /**
     * The server's log, with one message held to a line a minute: the warning JGroups writes for
     * every connection whose handshake is garbage, which a stranger can otherwise repeat at will.
     */
    private static final class QuietAboutStrangers extends Slf4jLogImpl {
        private final LogLimiter badHandshakes = new LogLimiter(Duration.ofMinutes(1), 1);

        QuietAboutStrangers() {
            super(RoomTransport.class);
        }

        @Override
        public void warn(String format, Object... args) {
            if (format.contains("failed handling message from")) {
                badHandshakes.warn("handshakes", () -> String.format(format, args), line -> super.warn(line));
            } else {
                super.warn(format, args);
            }
        }
    }

    long closedStrangers() {
        return closedStrangers.sum();
    }

    private void sweep() {
        Selector selector = selector();
        if (selector == null || !selector.isOpen()) {
            return;
        }
        List<SelectionKey> strangers = new ArrayList<>();
        try {
            for (SelectionKey key : new ArrayList<>(selector.keys())) {
                if (key.attachment() instanceof NioConnection conn
                        && conn.peerAddress() == null
                        && key.channel().isOpen()) {
                    strangers.add(key);
                }
            }
        } catch (RuntimeException concurrentChange) {
            return; // the selector's key set changed under us; the next sweep sees it settled
        }
        long now = System.nanoTime();
        strangersSince.keySet().retainAll(strangers);
        strangers.forEach(key -> strangersSince.putIfAbsent(key, now));
        strangers.sort(Comparator.comparingLong(strangersSince::get));
        for (int i = 0; i < strangers.size(); i++) {
            SelectionKey key = strangers.get(i);
            boolean silentTooLong = now - strangersSince.get(key) > HANDSHAKE_TIMEOUT.toNanos();
            if (silentTooLong || i >= MAX_STRANGERS) {
                close(key);
            }
        }
    }

    private void close(SelectionKey key) {
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // Closing is all we wanted; a failure leaves it to the peer.
        }
        strangersSince.remove(key);
        closedStrangers.increment();
        closures.warn(
                "strangers",
                () -> "closed connections to the room port that sent no handshake (" + closedStrangers.sum()
                        + " so far)",
                log::warn);
    }

    private Selector selector() {
        try {
            return SELECTOR == null || server == null ? null : (Selector) SELECTOR.get(server);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field selectorField() {
        try {
            Field field = NioBaseServer.class.getDeclaredField("selector");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
