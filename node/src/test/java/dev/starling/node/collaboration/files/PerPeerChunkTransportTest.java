package dev.starling.node.collaboration.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import dev.starling.protocol.v1.FileTransfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PerPeerChunkTransportTest {
    private final Set<String> openLinks = ConcurrentHashMap.newKeySet();
    /** Links whose channel reports open but whose send fails (closed or stalled mid-transfer). */
    private final Set<String> failingLinks = ConcurrentHashMap.newKeySet();

    private final List<String> viaChannel = new ArrayList<>();
    private final List<String> viaRoom = new ArrayList<>();
    private final Set<String> roomMembers = ConcurrentHashMap.newKeySet();

    private final DataChannelChunkTransport direct =
            new DataChannelChunkTransport(openLinks::contains, (peer, transfer) -> {
                if (failingLinks.contains(peer)) {
                    return false;
                }
                viaChannel.add(peer + ":" + transfer.getBodyCase());
                return true;
            });
    private final ChunkTransport room = new ChunkTransport() {
        @Override
        public boolean request(String peer, FileChunkRequest request) {
            viaRoom.add(peer + ":REQUEST");
            return roomMembers.contains(peer);
        }

        @Override
        public boolean send(String peer, FileChunk chunk) {
            viaRoom.add(peer + ":CHUNK");
            return roomMembers.contains(peer);
        }

        @Override
        public String name() {
            return "room";
        }
    };
    private final PerPeerChunkTransport transport = new PerPeerChunkTransport(direct, room);

    private static FileChunk chunk(int bytes) {
        return FileChunk.newBuilder()
                .setSha256("h")
                .setIndex(0)
                .setData(ByteString.copyFrom(new byte[bytes]))
                .build();
    }

    private static final FileChunkRequest REQUEST =
            FileChunkRequest.newBuilder().setSha256("h").addChunks(0).build();

    @Test
    void usesTheDataChannelWhereItIsOpenAndTheRoomElsewhere() {
        openLinks.add("a");
        roomMembers.addAll(List.of("a", "b"));
        assertThat(transport.send("a", chunk(100))).isTrue();
        assertThat(transport.send("b", chunk(50))).isTrue();
        assertThat(transport.request("a", REQUEST)).isTrue();
        assertThat(transport.request("b", REQUEST)).isTrue();
        assertThat(viaChannel).containsExactly("a:CHUNK", "a:REQUEST");
        assertThat(viaRoom).containsExactly("b:CHUNK", "b:REQUEST");
        assertThat(counters("a", "datachannel"))
                .extracting(ChunkCounts::chunksSent, ChunkCounts::bytesSent, ChunkCounts::requestsSent)
                .containsExactly(1L, 100L, 1L);
        assertThat(counters("b", "room"))
                .extracting(ChunkCounts::chunksSent, ChunkCounts::bytesSent)
                .containsExactly(1L, 50L);
        assertThat(byPeer()).doesNotContainKey("c");
    }

    @Test
    void fallsBackToTheRoomWhenTheChannelSendFails() {
        openLinks.add("a");
        failingLinks.add("a");
        roomMembers.add("a");
        assertThat(transport.send("a", chunk(10))).isTrue();
        assertThat(viaRoom).containsExactly("a:CHUNK");
        assertThat(counters("a", "datachannel"))
                .extracting(ChunkCounts::fallbacks, ChunkCounts::chunksSent)
                .containsExactly(1L, 0L);
        assertThat(counters("a", "room")).extracting(ChunkCounts::chunksSent).isEqualTo(1L);
    }

    @Test
    void aPeerReachableByNeitherPathIsReportedUnreachable() {
        assertThat(transport.request("gone", REQUEST)).isFalse();
        assertThat(transport.send("gone", chunk(1))).isFalse();
        assertThat(byPeer()).doesNotContainKey("gone");
    }

    @Test
    void followsTheLinkAsItOpensAndCloses() {
        roomMembers.add("a");
        transport.send("a", chunk(1));
        openLinks.add("a");
        transport.send("a", chunk(1));
        openLinks.remove("a");
        transport.send("a", chunk(1));
        assertThat(counters("a", "room")).extracting(ChunkCounts::chunksSent).isEqualTo(2L);
        assertThat(counters("a", "datachannel"))
                .extracting(ChunkCounts::chunksSent)
                .isEqualTo(1L);
    }

    @Test
    void refusalsAreNotCountedAsChunksAndReceivedChunksAreCountedPerTransport() {
        openLinks.add("a");
        transport.send(
                "a",
                FileChunk.newBuilder()
                        .setSha256("h")
                        .setIndex(3)
                        .setError("not held")
                        .build());
        assertThat(counters("a", "datachannel"))
                .extracting(ChunkCounts::chunksSent)
                .isEqualTo(0L);
        transport.received("a", "datachannel", chunk(300));
        transport.received("a", "room", chunk(200));
        transport.received("a", "room", FileChunk.newBuilder().setError("busy").build());
        assertThat(counters("a", "datachannel"))
                .extracting(ChunkCounts::chunksReceived, ChunkCounts::bytesReceived)
                .containsExactly(1L, 300L);
        assertThat(counters("a", "room"))
                .extracting(ChunkCounts::chunksReceived, ChunkCounts::bytesReceived)
                .containsExactly(1L, 200L);
        assertThat(transport.counters().orElseThrow().total().get("room").bytesReceived())
                .isEqualTo(200L);
    }

    @Test
    void theDataChannelTransportWrapsBodiesInTransfers() {
        List<FileTransfer> sent = new ArrayList<>();
        DataChannelChunkTransport t = new DataChannelChunkTransport(p -> true, (p, transfer) -> sent.add(transfer));
        t.request("a", REQUEST);
        t.send("a", chunk(5));
        assertThat(sent)
                .extracting(FileTransfer::getBodyCase)
                .containsExactly(FileTransfer.BodyCase.REQUEST, FileTransfer.BodyCase.CHUNK);
        assertThat(sent.get(0).getRequest()).isEqualTo(REQUEST);
    }

    private Map<String, ?> byPeer() {
        return transport.counters().orElseThrow().byPeer();
    }

    private ChunkCounts counters(String peer, String via) {
        return transport.counters().orElseThrow().byPeer().get(peer).get(via);
    }
}
