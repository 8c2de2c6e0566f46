package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.starling.node.NodeConfig;
import dev.starling.node.StarlingNode;
import dev.starling.node.chat.ChatSignatures;
import dev.starling.protocol.v1.ChatMessage;
import dev.starling.protocol.v1.Envelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone on the path between two members, without the password: they see every frame (and so
 * the key version SYM_ENCRYPT puts in clear on each) and can inject frames into a member's
 * connection. Neither a forged membership message nor a replayed frame may reach the room.
 */
class FrameForgeryTest {
    private static final String ROOM = "forgery";
    private static final String PASSWORD = "pw-forgery-long-enough";

    @TempDir
    Path dir;

    private final Tap tap = new Tap();

    @Test
    void aForgedHeaderOnlyLeaveRequestDoesNotRemoveTheMember() throws Exception {
        try (StarlingNode victim = StarlingNode.start(victimConfig(17_831));
                HostileMember member = HostileMember.join(ROOM, PASSWORD, 17_832, 17_831, tap)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> victim.room().membership().snapshot().members().size() == 2);
            Message leave = member.forgedLeave(ROOM, PASSWORD);
            for (int i = 0; i < 5; i++) {
                tap.inject(leave.copy(true, true));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> victim.room().refusedFrameCount() >= 5);
            Thread.sleep(2_000);
            assertThat(victim.room().membership().snapshot().members()).hasSize(2);
            assertThat(victim.room().isConnected()).isTrue();
        }
    }

    @Test
    void aRecordedFrameReplayedLaterCountsOnce() throws Exception {
        try (StarlingNode victim = StarlingNode.start(victimConfig(17_833));
                HostileMember member = HostileMember.join(ROOM, PASSWORD, 17_834, 17_833, tap)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> victim.room().membership().snapshot().members().size() == 2);
            String me = member.peerId();
            tap.recording = true;
            member.send(Envelope.newBuilder()
                    .setVersion(1)
                    .setSender(me)
                    .setMessageId(1)
                    .setSentAtMicros(1)
                    .setChat(ChatSignatures.sign(
                            ChatMessage.newBuilder()
                                    .setAuthor(me)
                                    .setSequence(1)
                                    .setText("once")
                                    .setLamport(1)
                                    .build(),
                            member.signer)));
            tap.recording = false;
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> victim.chat().lines().size() == 1);
            assertThat(tap.recorded).isNotEmpty();

            long refusedBefore = victim.room().refusedFrameCount();
            for (Message frame : tap.recorded) {
                tap.inject(frame.copy(true, true));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> victim.room().refusedFrameCount() >= refusedBefore + tap.recorded.size());
            assertThat(victim.chat().lines()).hasSize(1);
        }
    }

    private NodeConfig victimConfig(int port) {
        return new NodeConfig(
                ROOM,
                PASSWORD.toCharArray(),
                "victim",
                new HostPort("127.0.0.1", port),
                List.of(),
                Optional.empty(),
                new HostPort("127.0.0.1", 0),
                dir.resolve("victim" + port),
                "none");
    }

    /** Records what its member sends while asked to, and puts frames on that member's wire. */
    static final class Tap extends Protocol {
        final List<Message> recorded = new CopyOnWriteArrayList<>();
        volatile boolean recording;

        @Override
        public Object down(Message msg) {
            if (recording && msg.getDest() == null && msg.hasPayload()) {
                recorded.add(msg.copy(true, true));
            }
            return down_prot.down(msg);
        }

        void inject(Message frame) {
            down_prot.down(frame);
        }
    }
}
