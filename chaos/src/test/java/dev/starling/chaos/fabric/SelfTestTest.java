package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SelfTestTest {

    @Test
    void lossChecksSendEnoughPacketsForTheirTolerance() {
        // The selftest's own 10 % check keeps its 2,000 packets.
        assertThat(SelfTest.lossPackets(0.10)).isEqualTo(SelfTest.LOSS_PACKETS);
        // 1 %: 2.5 standard deviations of a binomial count equal ±20 % of it at 15,469 packets.
        assertThat(SelfTest.lossPackets(0.01)).isEqualTo(15_469);
        assertThat(SelfTest.lossPackets(0.0001)).isEqualTo(SelfTest.MAX_LOSS_PACKETS);
    }
}
