package dev.starling.node.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.starling.node.identity.IdentityStore;
import dev.starling.node.identity.PeerIdentity;
import dev.starling.node.room.HostPort;
import dev.starling.node.room.Room;
import dev.starling.node.room.RoomConfig;
import dev.starling.node.room.RoomSecrets;
import dev.starling.protocol.EnvelopeCodec;
import dev.starling.protocol.v1.IceCandidate;
import dev.starling.protocol.v1.MediaSignal;
import dev.starling.protocol.v1.SessionDescription;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real rooms on loopback: signaling across the moment a peer enters the view. */
class RoomSignalingTest {
    private static final RoomSecrets secrets = RoomSecrets.derive("test-room", "secret".toCharArray());
    private final List<Room> rooms = new CopyOnWriteArrayList<>();
    private final ExecutorService outboxOfA = Executors.newSingleThreadExecutor();
    private final ExecutorService outboxOfB = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        rooms.forEach(Room::close);
        outboxOfA.shutdownNow();
        outboxOfB.shutdownNow();
    }

    @Test
    void signalsToAPeerNotYetInTheViewLeaveInOrderOnceItAppears() throws Exception {
        Room a = room("a", 17_971);
        Room b = room("b", 17_972);
        RecordingEndpoint atB = new RecordingEndpoint();
        new RoomSignaling(b, outboxOfB).attach(atB);
        RoomSignaling fromA = new RoomSignaling(a, outboxOfA);
        fromA.attach(new RecordingEndpoint());
        a.join();

        // As a newcomer answers an offer that overtook its own view.
        MediaSignal answer = MediaSignal.newBuilder()
                .setDescription(
                        SessionDescription.newBuilder().setType("answer").setSdp("v=0"))
                .build();
        MediaSignal candidate = MediaSignal.newBuilder()
                .setCandidate(
                        IceCandidate.newBuilder().setCandidate("candidate:1").setSdpMid("0"))
                .build();
        fromA.send(b.selfId(), answer);
        fromA.send(b.selfId(), candidate);
        b.join();

        await().atMost(Duration.ofSeconds(15)).until(() -> atB.signals.size() == 2);
        assertThat(atB.signals).containsExactly(answer, candidate);
        assertThat(atB.senders).containsOnly(a.selfId());
    }

    private Room room(String name, int port) throws Exception {
        PeerIdentity identity = new IdentityStore(dir.resolve(name)).loadOrCreate();
        Room room = new Room(
                new RoomConfig(
                        "test-room",
                        new HostPort("127.0.0.1", port),
                        List.of(new HostPort("127.0.0.1", 17_971)),
                        Optional.empty(),
                        RoomConfig.RoomTimeouts.defaults()),
                secrets,
                identity,
                new EnvelopeCodec(),
                Clock.systemUTC());
        rooms.add(room);
        return room;
    }

    private static final class RecordingEndpoint implements SignalingEndpoint {
        final List<MediaSignal> signals = new CopyOnWriteArrayList<>();
        final List<String> senders = new CopyOnWriteArrayList<>();

        @Override
        public void connect(String peerId) {}

        @Override
        public void hangup(String peerId) {}

        @Override
        public void onSignal(String fromPeer, MediaSignal signal) {
            senders.add(fromPeer);
            signals.add(signal);
        }
    }
}
