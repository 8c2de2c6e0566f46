package dev.starling.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.starling.chaos.lab.PeerProfile;
import dev.starling.chaos.scenario.FaultAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileLinksTest {
    private static final PeerProfile DESKTOP = new PeerProfile("desktop", 1, 50_000, 200_000, 5, 0, 0);
    private static final PeerProfile PHONE = new PeerProfile("phone", 0.25, 700, 2_000, 80, 20, 1);
    private static final PeerProfile BARE = new PeerProfile("bare", 0.5, 0, 0, 0, 0, 0);

    @Test
    void aPacketCrossesBothAccessLinks() {
        Map<ProfileLinks.Link, List<FaultAction.Netem>> links =
                ProfileLinks.between(List.of("d", "p"), List.of(DESKTOP, PHONE));

        List<FaultAction.Netem> up = links.get(new ProfileLinks.Link("p", "d"));
        assertThat(up.get(0))
                .isEqualTo(new FaultAction.Delay(Duration.ofMillis(85), Duration.ofMillis(20), 0, Optional.empty()));
        assertThat(((FaultAction.Loss) up.get(1)).percent()).isCloseTo(1.0, within(1e-9));
        assertThat(up.get(2)).as("the phone's uplink is the slower").isEqualTo(new FaultAction.Rate(700_000));

        List<FaultAction.Netem> down = links.get(new ProfileLinks.Link("d", "p"));
        assertThat(down.get(2)).as("the phone's downlink").isEqualTo(new FaultAction.Rate(2_000_000));
    }

    @Test
    void jittersAddAsIndependentVariationsAndLossesCompound() {
        PeerProfile other = new PeerProfile("other", 0, 0, 0, 10, 15, 2);

        List<FaultAction.Netem> faults = ProfileLinks.faults(PHONE, other);

        assertThat(((FaultAction.Delay) faults.get(0)).jitter()).isEqualTo(Duration.ofMillis(25));
        assertThat(((FaultAction.Loss) faults.get(1)).percent()).isCloseTo(100 * (1 - 0.99 * 0.98), within(1e-9));
    }

    @Test
    void cleanProfilesLeaveTheLinkCleanAndOneSidedRatesStillApply() {
        assertThat(ProfileLinks.between(List.of("a", "b"), List.of(BARE, BARE))).isEmpty();
        List<FaultAction.Netem> intoPhone = ProfileLinks.faults(BARE, PHONE);
        assertThat(intoPhone.get(0))
                .isEqualTo(new FaultAction.Delay(Duration.ofMillis(80), Duration.ofMillis(20), 0, Optional.empty()));
        assertThat(((FaultAction.Loss) intoPhone.get(1)).percent()).isCloseTo(1.0, within(1e-9));
        assertThat(intoPhone.get(2)).isEqualTo(new FaultAction.Rate(2_000_000));
    }
}
