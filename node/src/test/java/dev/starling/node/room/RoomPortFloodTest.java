package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.starling.node.NodeConfig;
import dev.starling.node.StarlingNode;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strangers holding connections to a member's room port, silent or claiming huge frames, must
 * neither keep a joiner out (it would form a room of its own) nor cost the member a thread each.
 */
class RoomPortFloodTest {
    private static final String ROOM = "flood";
    private static final String PASSWORD = "pw-flood-long-enough";

    @TempDir
    Path dir;

    @Test
    void silentAndLyingConnectionsDoNotSplitTheRoomOrCostThreads() throws Exception {
        List<Socket> strangers = new ArrayList<>();
        try (StarlingNode member = StarlingNode.start(config("member", 17_851, List.of()))) {
            int threadsBefore = Thread.activeCount();
            for (int i = 0; i < 300; i++) {
                strangers.add(new Socket("127.0.0.1", 17_851));
            }
            for (int i = 0; i < 20; i++) {
                // A JGroups cookie and version, then a frame that claims to be 1 GiB long.
                Socket liar = new Socket("127.0.0.1", 17_851);
                DataOutputStream out = new DataOutputStream(liar.getOutputStream());
                out.write(new byte[] {'b', 'e', 'l', 'a'});
                out.writeShort(0);
                out.writeInt(1 << 30);
                out.flush();
                strangers.add(liar);
            }
            try (StarlingNode joiner =
                    StarlingNode.start(config("joiner", 17_852, List.of(new HostPort("127.0.0.1", 17_851))))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                joiner.room().membership().snapshot().members().size() == 2
                                        && member.room()
                                                        .membership()
                                                        .snapshot()
                                                        .members()
                                                        .size()
                                                == 2);
                assertThat(joiner.room().membership().snapshot().leaderId())
                        .as("one room, led by the first member")
                        .isEqualTo(member.peerId());
            }
            assertThat(Thread.activeCount() - threadsBefore)
                    .as("threads added by 320 stranger connections (and a joiner, now gone)")
                    .isLessThan(60);
            assertThat(member.room().isConnected()).isTrue();
        } finally {
            for (Socket s : strangers) {
                s.close();
            }
        }
    }

    @Test
    void strangersThatNeverSpeakAreClosedAndOnlySoManyMayWait() throws Exception {
        List<Socket> strangers = new ArrayList<>();
        try (StarlingNode member = StarlingNode.start(config("member", 17_853, List.of()))) {
            int count = RoomTransport.MAX_STRANGERS + 40;
            for (int i = 0; i < count; i++) {
                Socket stranger = connect(17_853);
                stranger.setSoTimeout(30_000);
                strangers.add(stranger);
            }
            // Beyond the cap at once, and every one of them once its handshake time is up.
            long started = System.nanoTime();
            for (Socket stranger : strangers) {
                assertThat(stranger.getInputStream().read())
                        .as("closed by the member")
                        .isEqualTo(-1);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(RoomTransport.HANDSHAKE_TIMEOUT.plusSeconds(10));
            assertThat(member.room().isConnected()).isTrue();
        } finally {
            for (Socket s : strangers) {
                s.close();
            }
        }
    }

    /** A full accept backlog refuses for a moment, so it tries again. */
    private static Socket connect(int port) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (java.net.ConnectException refused) {
                if (attempt == 20) {
                    throw refused;
                }
                Thread.sleep(50);
            }
        }
    }

    private NodeConfig config(String name, int port, List<HostPort> peers) {
        return new NodeConfig(
                ROOM,
                PASSWORD.toCharArray(),
                name,
                new HostPort("127.0.0.1", port),
                peers,
                Optional.empty(),
                new HostPort("127.0.0.1", 0),
                dir.resolve(name),
                "none");
    }
}
