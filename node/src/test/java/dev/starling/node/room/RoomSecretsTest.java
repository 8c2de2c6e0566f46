package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoomSecretsTest {
    @Test
    void clusterNameIsTheSameForEveryRoom() {
        assertThat(RoomSecrets.derive("my-secret-room", "pw".toCharArray(), 1_000)
                        .clusterName())
                .isEqualTo(
                        RoomSecrets.derive("other", "pX".toCharArray(), 1_000).clusterName())
                .isEqualTo(RoomSecrets.CLUSTER_NAME);
    }

    @Test
    void eachRoomKeepsItsStateInADirectoryOfItsOwn() {
        assertThat(RoomSecrets.directoryFor("my-secret-room"))
                .isNotEqualTo(RoomSecrets.directoryFor("other"))
                .startsWith("stl-")
                .hasSize(36)
                .doesNotContain("secret");
    }

    @Test
    void keysDependOnPasswordAndRoomAndAreIndependent() {
        RoomSecrets a = RoomSecrets.derive("room", "pw".toCharArray(), 1_000);
        RoomSecrets again = RoomSecrets.derive("room", "pw".toCharArray(), 1_000);
        RoomSecrets otherPassword = RoomSecrets.derive("room", "pX".toCharArray(), 1_000);
        RoomSecrets otherRoom = RoomSecrets.derive("room2", "pw".toCharArray(), 1_000);
        assertThat(a.trafficKey().getEncoded())
                .hasSize(32)
                .isEqualTo(again.trafficKey().getEncoded());
        assertThat(a.trafficKey().getEncoded())
                .isNotEqualTo(otherPassword.trafficKey().getEncoded());
        assertThat(a.trafficKey().getEncoded())
                .isNotEqualTo(otherRoom.trafficKey().getEncoded());
        assertThat(a.trafficKey().getEncoded()).isNotEqualTo(a.joinKey());
        assertThat(a.toString()).doesNotContain("pw").contains("redacted");
    }

    @Test
    void refusesEmptyInputs() {
        assertThatThrownBy(() -> RoomSecrets.derive(" ", "pw".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomSecrets.derive("room", new char[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostPortParsesAndExplainsMistakes() {
        assertThat(HostPort.parse("127.0.0.2:7800")).isEqualTo(new HostPort("127.0.0.2", 7800));
        assertThat(HostPort.parse("[::1]:80")).isEqualTo(new HostPort("::1", 80));
        assertThatThrownBy(() -> HostPort.parse("localhost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> HostPort.parse("h:99999")).hasMessageContaining("range");
        assertThatThrownBy(() -> HostPort.parse("h:x")).hasMessageContaining("not a number");
    }
}
