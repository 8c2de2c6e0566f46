package dev.starling.node.media.session;

import static dev.onvoid.webrtc.RTCPeerConnectionState.CONNECTED;
import static dev.onvoid.webrtc.RTCPeerConnectionState.CONNECTING;
import static dev.onvoid.webrtc.RTCPeerConnectionState.DISCONNECTED;
import static dev.onvoid.webrtc.RTCPeerConnectionState.FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReconnectionTest {
    private final Reconnection reconnection = new Reconnection();

    @Test
    void aLinkWhoseFirstAttemptFailedIsRestartedButWasNeverReconnecting() {
        reconnection.changed(CONNECTING, 0);
        assertThat(reconnection.restartDue(true, 4_000)).as("still trying").isFalse();
        reconnection.changed(FAILED, 5_000);

        assertThat(reconnection.reconnecting(5_000)).isFalse();
        assertThat(reconnection.restartDue(false, 5_000))
                .as("whichever side saw it fail")
                .isTrue();
        reconnection.changed(CONNECTED, 6_000);
        assertThat(reconnection.summary()).isEqualTo(new Reconnection.Summary(0, Double.NaN, 1));
    }

    @Test
    void aShortDropIsLeftToHealByItselfAndCountsAsAReconnect() {
        reconnection.changed(CONNECTED, 0);
        reconnection.changed(DISCONNECTED, 10_000);

        assertThat(reconnection.reconnecting(10_500)).isTrue();
        assertThat(reconnection.restartDue(true, 10_000 + Reconnection.GRACE_MILLIS - 1))
                .isFalse();
        reconnection.changed(CONNECTED, 11_200);

        assertThat(reconnection.reconnecting(11_200)).isFalse();
        assertThat(reconnection.summary()).isEqualTo(new Reconnection.Summary(1, 1_200, 0));
    }

    @Test
    void theImpoliteSideRestartsAfterTheGraceAndThenEveryRetryPeriod() {
        reconnection.changed(CONNECTED, 0);
        reconnection.changed(DISCONNECTED, 10_000);
        long due = 10_000 + Reconnection.GRACE_MILLIS;

        assertThat(reconnection.restartDue(false, due))
                .as("the polite side waits")
                .isFalse();
        assertThat(reconnection.restartDue(true, due)).isTrue();
        assertThat(reconnection.restartDue(true, due + 1))
                .as("one restart at a time")
                .isFalse();
        assertThat(reconnection.restartDue(true, due + Reconnection.RETRY_MILLIS))
                .isTrue();
        assertThat(reconnection.summary().restarts()).isEqualTo(2);
    }

    @Test
    void aFailedLinkRestartsAtOnce() {
        reconnection.changed(CONNECTED, 0);
        reconnection.changed(FAILED, 10_000);

        assertThat(reconnection.restartDue(true, 10_000)).isTrue();
    }

    @Test
    void afterGivingUpTheLinkIsNoLongerReconnecting() {
        reconnection.changed(CONNECTED, 0);
        reconnection.changed(DISCONNECTED, 10_000);
        long late = 10_001 + Reconnection.GIVE_UP_MILLIS;

        assertThat(reconnection.restartDue(true, late)).isFalse();
        assertThat(reconnection.reconnecting(late)).isFalse();
    }

    @Test
    void theGapRunsFromTheFirstLossNotFromAFailureThatFollowedIt() {
        reconnection.changed(CONNECTED, 0);
        reconnection.changed(DISCONNECTED, 10_000);
        reconnection.changed(FAILED, 12_000);
        reconnection.changed(CONNECTED, 13_000);

        assertThat(reconnection.summary().lastGapMillis()).isEqualTo(3_000);
    }

    @Test
    void aChangedAddressRestartsAConnectedLinkAtOnceOnEitherSideButNotTwiceInARow() {
        assertThat(reconnection.addressChanged(0)).as("nothing to restart yet").isFalse();
        reconnection.changed(CONNECTED, 1_000);

        assertThat(reconnection.addressChanged(5_000)).isTrue();
        assertThat(reconnection.addressChanged(5_000 + Reconnection.RETRY_MILLIS - 1))
                .as("the restart is under way")
                .isFalse();
        assertThat(reconnection.reconnecting(5_000))
                .as("the link has not lost its path")
                .isFalse();
        assertThat(reconnection.addressChanged(5_000 + Reconnection.RETRY_MILLIS))
                .isTrue();
        assertThat(reconnection.summary().restarts()).isEqualTo(2);
    }
}
