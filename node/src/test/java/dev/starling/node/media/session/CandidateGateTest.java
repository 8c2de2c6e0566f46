package dev.starling.node.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CandidateGateTest {
    private static final String OFFER = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:lwot\r\na=ice-pwd:x\r\n";
    private static final String RESTART = OFFER.replace("lwot", "Q9od");

    private final CandidateGate<String> gate = new CandidateGate<>(2);

    @Test
    void aCandidateGatheredBeforeItsOfferWaitsForItThenFollowsIt() {
        assertThat(gate.candidate(
                        "host", "candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host generation 0 ufrag lwot"))
                .as("the offer has not gone out")
                .isEmpty();
        assertThat(gate.candidate("srflx", "candidate:2 1 udp 1686052607 192.0.2.1 5000 typ srflx ufrag lwot"))
                .isEmpty();

        assertThat(gate.described(OFFER)).containsExactly("host", "srflx");
        assertThat(gate.candidate("relay", "candidate:3 1 udp 41885695 192.0.2.9 6000 typ relay ufrag lwot"))
                .containsExactly("relay");
    }

    @Test
    void anIceRestartsCandidatesWaitForTheNewOfferNotTheOldOne() {
        gate.described(OFFER);

        assertThat(gate.candidate("new host", "candidate:1 1 udp 2122260223 10.0.0.1 5001 typ host ufrag Q9od"))
                .isEmpty();
        assertThat(gate.candidate("old relay", "candidate:3 1 udp 41885695 192.0.2.9 6000 typ relay ufrag lwot"))
                .containsExactly("old relay");
        assertThat(gate.described(RESTART)).containsExactly("new host");
    }

    @Test
    void aCandidateWithoutAUfragGoesAtOnceAndTheWaitingRoomIsBounded() {
        assertThat(gate.candidate("bare", "candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host"))
                .containsExactly("bare");
        gate.candidate("a", "candidate:1 typ host ufrag zzzz");
        gate.candidate("b", "candidate:2 typ host ufrag zzzz");
        gate.candidate("c", "candidate:3 typ host ufrag zzzz");

        assertThat(gate.dropped()).isEqualTo(1);
        assertThat(gate.described(OFFER.replace("lwot", "zzzz"))).containsExactly("a", "b");
    }
}
