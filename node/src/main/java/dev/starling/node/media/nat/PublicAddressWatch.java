package dev.starling.node.media.nat;

import dev.starling.node.media.IceServerConfig;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this node's public address changed (a new network, a renumbered line, another
 * carrier's NAT) by asking its STUN server, once per period, where its packets come from. libwebrtc
 * would notice only when a link stops answering, seconds later, and a path through a TURN
 * allocation bound to the old address never comes back without new candidates; on a change the
 * node restarts ICE on every link at once.
 */
public final class PublicAddressWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PublicAddressWatch.class);
    private static final int MAX_MESSAGE_BYTES = 548;

    private final InetSocketAddress server;
    private final Duration period;
    private final BiConsumer<InetSocketAddress, InetSocketAddress> onChange;
    private final SecureRandom random = new SecureRandom();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile DatagramSocket socket;
    private volatile InetSocketAddress current;

    /** @param onChange called with the old and the new address, on the watch's own thread */
    public PublicAddressWatch(
            InetSocketAddress server, Duration period, BiConsumer<InetSocketAddress, InetSocketAddress> onChange) {
        this.server = server;
        this.period = period;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "public-address-watch");
        this.thread.setDaemon(true);
    }

    /**
     * The server to ask: the host and port of the first plain-UDP {@code stun:} or {@code turn:}
     * URL (a TURN server answers Binding requests too). Empty without one, or for TLS-only servers.
     */
    public static Optional<InetSocketAddress> serverOf(List<IceServerConfig> servers) {
        for (IceServerConfig config : servers) {
            for (String url : config.urls()) {
                Optional<InetSocketAddress> address = udpServer(url);
                if (address.isPresent()) {
                    return address;
                }
            }
        }
        return Optional.empty();
    }

    static Optional<InetSocketAddress> udpServer(String url) {
        boolean stun = url.startsWith("stun:");
        boolean turn = url.startsWith("turn:");
        if ((!stun && !turn) || (turn && url.contains("transport=tcp"))) {
            return Optional.empty();
        }
        String hostPort = url.substring(5).split("\\?", 2)[0];
        try {
            URI parsed = new URI("stun://" + hostPort);
            if (parsed.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(InetSocketAddress.createUnresolved(
                    parsed.getHost(), parsed.getPort() < 0 ? 3478 : parsed.getPort()));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    public PublicAddressWatch start() {
        thread.start();
        return this;
    }

    /** The address the server last saw, if it answered. */
    public Optional<InetSocketAddress> current() {
        return Optional.ofNullable(current);
    }

    private void run() {
        InetSocketAddress resolved =
                server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort()) : server;
        if (resolved.isUnresolved()) {
            log.warn("public address watch off: cannot resolve {}", server.getHostString());
            return;
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            this.socket = socket;
            socket.setSoTimeout((int) Math.max(1, period.toMillis()));
            byte[] buffer = new byte[MAX_MESSAGE_BYTES];
            while (running) {
                long started = System.nanoTime();
                ask(socket, resolved, buffer);
                long left = period.toMillis() - (System.nanoTime() - started) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left);
                }
            }
        } catch (IOException e) {
            if (running) {
                log.warn("public address watch stopped: {}", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One Binding request, answered within the period or not at all. */
    private void ask(DatagramSocket socket, InetSocketAddress resolved, byte[] buffer) {
        byte[] transaction = new byte[StunBinding.TRANSACTION_ID_BYTES];
        random.nextBytes(transaction);
        byte[] request = StunBinding.request(transaction);
        try {
            socket.send(new DatagramPacket(request, request.length, resolved));
            long deadline = System.nanoTime() + period.toNanos();
            // Stray or late answers (an earlier transaction) are skipped until the period is over.
            while (System.nanoTime() < deadline) {
                DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                socket.receive(answer);
                Optional<InetSocketAddress> mapped = answer.getSocketAddress().equals(resolved)
                        ? StunBinding.mappedAddress(buffer, answer.getLength(), transaction)
                        : Optional.empty();
                if (mapped.isPresent()) {
                    seen(mapped.get());
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            // No answer this time: the network may be down; nothing is known to have changed.
        } catch (IOException e) {
            if (running) {
                log.debug("STUN binding to {}: {}", resolved, e.toString());
            }
        }
    }

    private void seen(InetSocketAddress mapped) {
        InetSocketAddress before = current;
        current = mapped;
        if (before == null) {
            log.info(
                    "public address {} (as {} sees it); asking again every {} ms",
                    text(mapped),
                    text(server),
                    period.toMillis());
        } else if (!before.equals(mapped)) {
            log.info("public address changed from {} to {}", text(before), text(mapped));
            onChange.accept(before, mapped);
        }
    }

    private static String text(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        DatagramSocket open = socket;
        if (open != null) {
            open.close();
        }
    }
}
