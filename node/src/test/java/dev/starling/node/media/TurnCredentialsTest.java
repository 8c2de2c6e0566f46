package dev.starling.node.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    @Test
    void usernameCarriesTheExpiryAndThePasswordIsTheHmacOfIt() {
        // Expected value from Python: base64(hmac.new(b'north-wind', b'1700086400:alice', sha1).digest())
        TurnCredentials c = TurnCredentials.timeLimited(
                "north-wind", "alice", Instant.ofEpochSecond(1_700_000_000L), Duration.ofHours(24));
        assertThat(c.username()).isEqualTo("1700086400:alice");
        assertThat(c.password()).isEqualTo("2cdv8ItP/4kX53j3SEoTDhjFpeM=");
        assertThat(c.toString()).doesNotContain(c.password());
    }

    @Test
    void anEmptySecretOrABadUserIsRefused() {
        Instant now = Instant.EPOCH;
        assertThatThrownBy(() -> TurnCredentials.timeLimited("", "alice", now, Duration.ofHours(1)))
                .hasMessageContaining("secret is empty");
        assertThatThrownBy(() -> TurnCredentials.timeLimited("s", "a:b", now, Duration.ofHours(1)))
                .hasMessageContaining("without ':'");
    }
}
