package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.starling.node.identity.IdentityStore;
import dev.starling.node.identity.PeerIdentity;
import dev.starling.protocol.EnvelopeCodec;
import dev.starling.protocol.v1.ChatMessage;
import dev.starling.protocol.v1.Envelope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoomTest {
    private static final int TEST_ITERATIONS = 1_000;
    private final List<Room> rooms = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeRooms() {
        rooms.forEach(Room::close);
    }

    private Room room(String name, int port, int bootstrapPort, String password) throws Exception {
        return room(
                name,
                new RoomConfig(
                        "test-room",
                        new HostPort("127.0.0.1", port),
                        List.of(new HostPort("127.0.0.1", bootstrapPort)),
                        Optional.empty(),
                        RoomConfig.RoomTimeouts.defaults()),
                password);
    }

    private Room room(String name, RoomConfig config, String password) throws Exception {
        PeerIdentity identity = new IdentityStore(dir.resolve(name)).loadOrCreate();
        Room room = new Room(
                config,
                RoomSecrets.derive("test-room", password.toCharArray(), TEST_ITERATIONS),
                identity,
                new EnvelopeCodec(),
                Clock.systemUTC());
        rooms.add(room);
        return room;
    }

    @Test
    void membersSeeEachOtherAndExchangeEnvelopes() throws Exception {
        Room a = room("a", 17_801, 17_801, "secret");
        Room b = room("b", 17_802, 17_801, "secret");
        List<Envelope> receivedByB = new CopyOnWriteArrayList<>();
        b.on(Envelope.BodyCase.CHAT, receivedByB::add);
        a.join();
        b.join();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> b.membership().snapshot().members().size() == 2);
        assertThat(b.membership().snapshot().leaderId()).isEqualTo(a.selfId());

        a.broadcast(Envelope.newBuilder()
                .setChat(ChatMessage.newBuilder().setText("hello").setAuthor(a.selfId())));
        await().atMost(Duration.ofSeconds(5)).until(() -> receivedByB.size() == 1);
        assertThat(receivedByB.get(0).getSender()).isEqualTo(a.selfId());
        assertThat(receivedByB.get(0).getChat().getText()).isEqualTo("hello");
    }

    @Test
    void nodesThatStartedBeforeTheirBootstrapPeerMergeWithItLater() throws Exception {
        Room early = room("early", 17_841, 17_842, "secret");
        early.join();
        assertThat(early.membership().snapshot().members())
                .as("alone: the bootstrap peer is not up yet")
                .hasSize(1);
        Room bootstrap = room("bootstrap", 17_842, 17_842, "secret");
        bootstrap.join();
        // MERGE3 rediscovers through TCPPING, whose answers carry the whole cache.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> early.membership().snapshot().members().size() == 2
                        && bootstrap.membership().snapshot().members().size() == 2);
        assertThat(early.membership().snapshot().leaderId())
                .isEqualTo(bootstrap.membership().snapshot().leaderId());
    }

    @Test
    void peersMeetThroughARendezvous() throws Exception {
        HostPort rendezvousAddress = new HostPort("127.0.0.1", 17_831);
        Rendezvous rendezvous = new Rendezvous(rendezvousAddress).start();
        try {
            RoomConfig viaRendezvous = new RoomConfig(
                    "test-room",
                    new HostPort("127.0.0.1", 0),
                    List.of(),
                    Optional.of(rendezvousAddress),
                    RoomConfig.RoomTimeouts.defaults());
            Room a = room("a", viaRendezvous, "secret");
            Room b = room("b", viaRendezvous, "secret");
            List<Envelope> receivedByA = new CopyOnWriteArrayList<>();
            a.on(Envelope.BodyCase.CHAT, receivedByA::add);
            a.join();
            b.join();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> a.membership().snapshot().members().size() == 2);
            b.broadcast(Envelope.newBuilder()
                    .setChat(ChatMessage.newBuilder().setText("via relay").setAuthor(b.selfId())));
            await().atMost(Duration.ofSeconds(5)).until(() -> receivedByA.size() == 1);
            assertThat(rendezvous.numRegisteredClusters()).isEqualTo(1);
        } finally {
            rooms.forEach(Room::close);
            rendezvous.stop();
        }
    }

    @Test
    void wrongPasswordIsRefusedAtJoin() throws Exception {
        Room a = room("a", 17_811, 17_811, "secret");
        a.join();
        Room intruder = room("x", 17_812, 17_811, "guess");
        assertThatThrownBy(intruder::join)
                .isInstanceOf(JoinRefusedException.class)
                .hasMessageContaining("wrong password");
        assertThat(a.membership().snapshot().members()).hasSize(1);
    }
}
