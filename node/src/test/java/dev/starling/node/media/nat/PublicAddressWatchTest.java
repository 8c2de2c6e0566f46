package dev.starling.node.media.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.starling.node.media.IceServerConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PublicAddressWatchTest {

    @Test
    void findsTheFirstPlainUdpStunOrTurnServer() {
        assertThat(PublicAddressWatch.serverOf(List.of(
                        IceServerConfig.turn("turns:relay.example:5349", "u", "p"),
                        IceServerConfig.turn("turn:relay.example:3479?transport=tcp", "u", "p"),
                        IceServerConfig.stun("stun:stun.example"))))
                .contains(InetSocketAddress.createUnresolved("stun.example", 3478));
        assertThat(PublicAddressWatch.serverOf(
                        List.of(IceServerConfig.turn("turn:10.0.0.2:3478?transport=udp", "u", "p"))))
                .contains(InetSocketAddress.createUnresolved("10.0.0.2", 3478));
        assertThat(PublicAddressWatch.serverOf(List.of())).isEmpty();
        assertThat(PublicAddressWatch.udpServer("stun:")).isEmpty();
        assertThat(PublicAddressWatch.udpServer("stun:[::1]:19302"))
                .contains(InetSocketAddress.createUnresolved("[::1]", 19302));
    }

    @Test
    void reportsWhenTheServerSeesItComeFromSomewhereElse() throws Exception {
        try (FakeStunServer server = new FakeStunServer()) {
            List<InetSocketAddress[]> changes = new CopyOnWriteArrayList<>();
            server.answerWith(new InetSocketAddress("192.0.2.1", 40000));
            try (PublicAddressWatch watch = new PublicAddressWatch(
                            server.address(),
                            Duration.ofMillis(50),
                            (before, after) -> changes.add(new InetSocketAddress[] {before, after}))
                    .start()) {
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> watch.current().isPresent());
                assertThat(changes).as("the first answer is no change").isEmpty();

                server.answerWith(new InetSocketAddress("198.51.100.9", 40000));

                await().atMost(Duration.ofSeconds(5)).until(() -> !changes.isEmpty());
                assertThat(changes.get(0))
                        .containsExactly(
                                new InetSocketAddress("192.0.2.1", 40000),
                                new InetSocketAddress("198.51.100.9", 40000));
                assertThat(watch.current()).contains(new InetSocketAddress("198.51.100.9", 40000));
            }
        }
    }

    /** Answers Binding requests on 127.0.0.1 with whatever mapped address the test says. */
    private static final class FakeStunServer implements AutoCloseable {
        private final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        private volatile InetSocketAddress mapped;
        private final Thread thread = new Thread(this::serve, "fake-stun");

        FakeStunServer() throws SocketException {
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        void answerWith(InetSocketAddress address) {
            mapped = address;
        }

        private void serve() {
            byte[] buffer = new byte[64];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                    socket.receive(request);
                    byte[] answer = answer(buffer);
                    socket.send(new DatagramPacket(answer, answer.length, request.getSocketAddress()));
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }

        /** A Binding success with a MAPPED-ADDRESS (the watch reads either form). */
        private byte[] answer(byte[] request) {
            InetSocketAddress to = mapped;
            return ByteBuffer.allocate(32)
                    .putShort((short) 0x0101)
                    .putShort((short) 12)
                    .put(request, 4, 16)
                    .putShort((short) 0x0001)
                    .putShort((short) 8)
                    .put((byte) 0)
                    .put((byte) 1)
                    .putShort((short) to.getPort())
                    .put(to.getAddress().getAddress())
                    .array();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
