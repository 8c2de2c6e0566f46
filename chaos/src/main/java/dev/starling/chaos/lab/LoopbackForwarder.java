package dev.starling.chaos.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a lab node's HTTP port reachable at a loopback address of this machine, byte for byte.
 *
 * <p>Why: a browser grants the camera and microphone only to a secure context, which plain HTTP
 * is only on loopback, and a lab node listens inside its namespace. Each node gets its own
 * loopback address (127.0.0.11, .12, ...) on the node's own port, so the page's origin carries
 * the port the node expects and each node's cookie stays its own.
 */
final class LoopbackForwarder implements AutoCloseable {
    /** A page uses a handful of connections; more means something is wrong. */
    private static final int MAX_CONNECTIONS = 64;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /** Node {@code index} (1-based) is reachable at 127.0.0.(10 + index). */
    static String loopbackFor(int index) {
        return "127.0.0." + (10 + index);
    }

    LoopbackForwarder(String loopback, int port, InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(loopback, port));
        this.acceptor = new Thread(this::accept, "lab-forward-" + loopback);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (open.size() >= 2 * MAX_CONNECTIONS) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(target, 2_000);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client); // the node is not up (yet): the browser sees a closed connection
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            out.write(buffer, 0, n);
                        }
                    } catch (IOException e) {
                        // one side went away: end both
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "lab-forward-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(LoopbackForwarder::closeQuietly);
        open.clear();
    }
}
