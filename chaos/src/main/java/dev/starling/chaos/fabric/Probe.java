package dev.starling.chaos.fabric;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The traffic end of the selftest, run inside a node's namespace through {@code ip netns exec}.
 * Deliberately JDK-only and tiny so the JVM starts fast and nothing but real sockets is measured.
 *
 * <pre>
 * Probe echo PORT MAX_SECONDS    reflect every datagram to its sender
 * Probe client MAX_SECONDS       read commands from stdin, one result line each:
 *   burst HOST PORT COUNT INTERVAL_NANOS PAYLOAD_BYTES WAIT_MILLIS
 *   -> result sent=.. recv=.. dup=.. p50us=.. minus=.. maxus=.. spanns=.. bps=..
 * </pre>
 * Both exit when stdin closes (the selftest died) or after MAX_SECONDS, whichever comes first,
 * so a crashed parent never leaves a probe running.
 */
public final class Probe {
    /** Ethernet (14) + IPv4 (20) + UDP (8): what a payload costs on the wire, for rate figures. */
    static final int WIRE_OVERHEAD = 42;

    private static final int MAX_COUNT = 100_000;
    private static final int HEADER = 16; // burst id, sequence, send time

    private Probe() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Probe echo PORT MAX_SECONDS | Probe client MAX_SECONDS");
            System.exit(2);
        }
        if (args[0].equals("echo")) {
            int port = Integer.parseInt(args[1]);
            long deadline = deadline(Integer.parseInt(args[2]));
            exitOnStdinEof();
            echo(port, deadline);
        } else {
            client(deadline(Integer.parseInt(args[1])));
        }
        System.exit(0);
    }

    private static long deadline(int seconds) {
        return System.nanoTime() + Math.min(seconds, 600) * 1_000_000_000L;
    }

    private static void exitOnStdinEof() {
        Thread t = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            /* only EOF matters */
                        }
                    } catch (IOException ignored) {
                        // treat as EOF
                    }
                    System.exit(0);
                },
                "stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void echo(int port, long deadline) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(port))) {
            s.setSoTimeout(200);
            s.setReceiveBufferSize(1 << 20);
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            System.out.println("ready");
            System.out.flush();
            while (System.nanoTime() < deadline) {
                p.setLength(buf.length);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                s.send(p); // same address: back to the sender
            }
        }
    }

    private static void client(long deadline) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        int burstId = 0;
        String line;
        while (System.nanoTime() < deadline && (line = in.readLine()) != null) {
            String[] a = line.trim().split("\\s+");
            if (a[0].equals("quit")) break;
            try {
                if (!a[0].equals("burst") || a.length != 7) throw new IllegalArgumentException("bad command: " + line);
                int count = Integer.parseInt(a[3]);
                int payload = Integer.parseInt(a[5]);
                if (count < 1 || count > MAX_COUNT || payload < HEADER || payload > 1472) {
                    throw new IllegalArgumentException("count 1.." + MAX_COUNT + ", payload " + HEADER + "..1472");
                }
                System.out.println(burst(
                        ++burstId,
                        InetAddress.getByName(a[1]),
                        Integer.parseInt(a[2]),
                        count,
                        Long.parseLong(a[4]),
                        payload,
                        Long.parseLong(a[6])));
            } catch (RuntimeException e) {
                System.out.println("error " + e.getMessage());
            }
            System.out.flush();
        }
    }

    /** Sends COUNT paced datagrams and collects the echoes until WAIT after the last send. */
    static String burst(int id, InetAddress host, int port, int count, long intervalNanos, int payload, long waitMillis)
            throws IOException {
        long[] rtt = new long[count];
        Arrays.fill(rtt, -1);
        long[] arrivals = {Long.MAX_VALUE, Long.MIN_VALUE};
        int[] dup = {0}; // receiver-thread state, read after join()
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(20);
            s.setReceiveBufferSize(1 << 20);
            s.connect(host, port);
            AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
            Thread receiver = new Thread(
                    () -> {
                        byte[] buf = new byte[2048];
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        while (System.nanoTime() < stopAt.get()) {
                            try {
                                p.setLength(buf.length);
                                s.receive(p);
                            } catch (SocketTimeoutException e) {
                                continue;
                            } catch (IOException e) {
                                return;
                            }
                            long now = System.nanoTime();
                            ByteBuffer b = ByteBuffer.wrap(buf, 0, p.getLength());
                            if (p.getLength() < HEADER || b.getInt() != id) continue; // a straggler of an earlier burst
                            int seq = b.getInt();
                            long sent = b.getLong();
                            if (seq < 0 || seq >= count) continue;
                            if (rtt[seq] >= 0) {
                                dup[0]++;
                                continue;
                            }
                            rtt[seq] = now - sent;
                            arrivals[0] = Math.min(arrivals[0], now);
                            arrivals[1] = Math.max(arrivals[1], now);
                        }
                    },
                    "probe-rx");
            receiver.start();
            byte[] out = new byte[payload];
            ByteBuffer b = ByteBuffer.wrap(out);
            DatagramPacket p = new DatagramPacket(out, payload);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * intervalNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                b.clear();
                b.putInt(id).putInt(i).putLong(System.nanoTime());
                try {
                    s.send(p);
                } catch (IOException e) {
                    // ENOBUFS/EPERM during a partition test is a lost packet, not a probe failure
                }
            }
            stopAt.set(System.nanoTime() + waitMillis * 1_000_000L);
            try {
                receiver.join(waitMillis + 2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return summary(rtt, dup[0], arrivals, payload);
    }

    private static String summary(long[] rtt, int dup, long[] arrivals, int payload) {
        long[] got = Arrays.stream(rtt).filter(r -> r >= 0).sorted().toArray();
        int n = got.length;
        long span = n > 1 ? arrivals[1] - arrivals[0] : 0;
        double bps = span > 0 ? (n - 1) * (payload + WIRE_OVERHEAD) * 8.0 / (span / 1e9) : 0;
        return String.format(
                Locale.ROOT,
                "result sent=%d recv=%d dup=%d p50us=%.1f minus=%.1f maxus=%.1f spanns=%d bps=%.0f",
                rtt.length,
                n,
                dup,
                n == 0 ? -1.0 : got[n / 2] / 1e3,
                n == 0 ? -1.0 : got[0] / 1e3,
                n == 0 ? -1.0 : got[n - 1] / 1e3,
                span,
                bps);
    }
}
