package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.starling.node.NodeConfig;
import dev.starling.node.StarlingNode;
import dev.starling.node.chat.ChatEntry;
import dev.starling.node.chat.ChatSignatures;
import dev.starling.protocol.Rejection;
import dev.starling.protocol.v1.ChatHistory;
import dev.starling.protocol.v1.ChatMessage;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.PeerHello;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member that knows the password but sends garbage must not crash, stall or pollute a node. */
class HostileInputTest {
    private static final String ROOM = "hostile";
    private static final String PASSWORD = "pw-hostile";

    @TempDir
    Path dir;

    @Test
    void garbageFromAMemberIsCountedAndDropped() throws Exception {
        NodeConfig config = new NodeConfig(
                ROOM,
                PASSWORD.toCharArray(),
                "victim",
                new HostPort("127.0.0.1", 17_821),
                List.of(),
                Optional.empty(),
                new HostPort("127.0.0.1", 0),
                dir.resolve("victim"),
                "none");
        try (StarlingNode victim = StarlingNode.start(config);
                HostileMember attacker = HostileMember.join(ROOM, PASSWORD, 17_822, 17_821)) {
            String me = attacker.peerId();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> victim.room().membership().snapshot().members().size() == 2);

            Random random = new Random(7);
            for (int i = 0; i < 500; i++) {
                // Non-empty: Room never sends an empty frame (every envelope has a version).
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                attacker.sendSigned(garbage);
                if (i % 5 == 0) {
                    attacker.sendUnsigned(garbage);
                }
            }
            attacker.sendUnsigned(new byte[2 * 1024 * 1024]);
            attacker.send(envelope(me).setVersion(99).setChat(chat(me, 1, "from the future")));
            attacker.send(envelope("victim-impostor").setChat(chat("victim-impostor", 1, "spoofed sender")));
            attacker.send(envelope(me).setChat(chat("someone-else", 1, "forged author")));
            attacker.send(envelope(me).setChat(signed(attacker, chat(me, 1, "x".repeat(100_000)))));
            attacker.send(envelope(me)
                    .setChatHistory(ChatHistory.newBuilder()
                            .addMessages(chat("", 1, "no author"))
                            .addMessages(chat("z", 0, "sequence zero"))
                            // The victim's own peer id, signed with the attacker's key: a forged history line.
                            .addMessages(signed(attacker, chat(victim.peerId(), 7, "forged history")))
                            .addMessages(chat(victim.peerId(), 8, "unsigned history"))));
            attacker.send(envelope(me)
                    .setHello(PeerHello.newBuilder()
                            .setPeerId(me)
                            .setDisplayName("<script>alert(1)</script>".repeat(500))));
            attacker.send(envelope(me)
                    .setFileChunk(FileChunk.newBuilder()
                            .setData(ByteString.copyFrom(new byte[10])))); // a kind nobody handles yet
            attacker.send(envelope(me).setChat(signed(attacker, chat(me, 1, "a fair line"))));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> victim.chat().lines().size() == 1);
            List<ChatEntry> lines = victim.chat().lines();
            assertThat(lines).extracting(ChatEntry::text).containsExactly("a fair line");

            var codec = victim.room().codec();
            assertThat(codec.rejectedCount(Rejection.MALFORMED)
                            + codec.rejectedCount(Rejection.INCOMPLETE)
                            + codec.rejectedCount(Rejection.UNKNOWN_KIND))
                    .isGreaterThan(400);
            assertThat(victim.room().forgedCount()).isGreaterThanOrEqualTo(100);
            assertThat(codec.rejectedCount(Rejection.OVERSIZED)).isEqualTo(1);
            assertThat(codec.rejectedCount(Rejection.FUTURE_VERSION)).isEqualTo(1);
            assertThat(victim.room().spoofedCount()).isEqualTo(1);
            assertThat(victim.chat().forgedCount())
                    .as("forged author, forged and unsigned history")
                    .isEqualTo(3);
            assertThat(victim.room()
                            .membership()
                            .snapshot()
                            .member(me)
                            .orElseThrow()
                            .name())
                    .hasSize(256);
            assertThat(victim.room().isConnected()).isTrue();
        }
    }

    private static ChatMessage signed(HostileMember member, ChatMessage line) {
        return ChatSignatures.sign(line, member.signer);
    }

    private static Envelope.Builder envelope(String sender) {
        return Envelope.newBuilder()
                .setVersion(1)
                .setSender(sender)
                .setMessageId(1)
                .setSentAtMicros(1);
    }

    private static ChatMessage chat(String author, long sequence, String text) {
        return ChatMessage.newBuilder()
                .setAuthor(author)
                .setSequence(sequence)
                .setText(text)
                .setLamport(1)
                .build();
    }
}
