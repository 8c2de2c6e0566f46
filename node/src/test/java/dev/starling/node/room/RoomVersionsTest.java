package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.NodeConfig;
import dev.starling.node.StarlingNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jgroups.JChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes of two room protocol versions never form one room: each version has its own cluster name,
 * and the transport refuses the other's frames (JGroups logs JGRP000012 with both names).
 */
class RoomVersionsTest {
    @TempDir
    Path dir;

    @Test
    void aNodeOfTheEarlierProtocolStaysOutAndSoDoesTheRoom() throws Exception {
        String room = "versions";
        String password = "versions password long";
        try (StarlingNode current = StarlingNode.start(new NodeConfig(
                        room,
                        password.toCharArray(),
                        "current",
                        new HostPort("127.0.0.1", 17_871),
                        List.of(),
                        Optional.empty(),
                        new HostPort("127.0.0.1", 0),
                        dir.resolve("current"),
                        "none"));
                // The earlier release named its cluster "stl-" and a hash of the room id.
                JChannel earlier = new JChannel(RoomStack.build(
                        new RoomConfig(
                                room,
                                new HostPort("127.0.0.1", 17_872),
                                List.of(new HostPort("127.0.0.1", 17_871)),
                                Optional.empty(),
                                RoomConfig.RoomTimeouts.defaults()),
                        RoomSecrets.derive(room, password.toCharArray())))) {
            earlier.connect(RoomSecrets.directoryFor(room));
            assertThat(earlier.getView().size())
                    .as("the earlier node is alone in a room of its own")
                    .isEqualTo(1);
            assertThat(current.room().membership().snapshot().members()).hasSize(1);
            assertThat(current.room().isConnected()).isTrue();
        }
    }
}
