package dev.starling.node.media.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IcePathTest {
    private static StatsEntry entry(String type, String id, Map<String, Object> values) {
        return new StatsEntry(type, id, 0, values);
    }

    private static final StatsEntry HOST =
            entry("local-candidate", "L1", Map.of("candidateType", "host", "protocol", "udp"));
    private static final StatsEntry RELAY =
            entry("local-candidate", "L2", Map.of("candidateType", "relay", "protocol", "udp"));
    private static final StatsEntry SRFLX =
            entry("remote-candidate", "R1", Map.of("candidateType", "srflx", "protocol", "udp"));

    @Test
    void theTransportNamesThePairItSelected() {
        List<StatsEntry> report = List.of(
                HOST,
                RELAY,
                SRFLX,
                entry(
                        "candidate-pair",
                        "P1",
                        Map.of(
                                "localCandidateId",
                                "L1",
                                "remoteCandidateId",
                                "R1",
                                "state",
                                "succeeded",
                                "nominated",
                                true)),
                entry(
                        "candidate-pair",
                        "P2",
                        Map.of("localCandidateId", "L2", "remoteCandidateId", "R1", "state", "succeeded")),
                entry("transport", "T", Map.of("selectedCandidatePairId", "P2")));
        assertThat(IcePath.selected(report)).contains(new IcePath("relay", "srflx", "udp"));
    }

    @Test
    void withoutTheTransportsWordANominatedSucceededPairCounts() {
        List<StatsEntry> report = List.of(
                HOST,
                SRFLX,
                entry(
                        "candidate-pair",
                        "P0",
                        Map.of(
                                "localCandidateId",
                                "L1",
                                "remoteCandidateId",
                                "R1",
                                "state",
                                "in-progress",
                                "nominated",
                                true)),
                entry(
                        "candidate-pair",
                        "P1",
                        Map.of(
                                "localCandidateId",
                                "L1",
                                "remoteCandidateId",
                                "R1",
                                "state",
                                "succeeded",
                                "nominated",
                                true)));
        assertThat(IcePath.selected(report)).contains(new IcePath("host", "srflx", "udp"));
    }

    @Test
    void nothingChosenOrACandidateMissingIsNoPath() {
        assertThat(IcePath.selected(List.of(HOST, SRFLX))).isEmpty();
        assertThat(IcePath.selected(List.of(
                        HOST,
                        entry(
                                "candidate-pair",
                                "P1",
                                Map.of(
                                        "localCandidateId",
                                        "L1",
                                        "remoteCandidateId",
                                        "gone",
                                        "state",
                                        "succeeded",
                                        "nominated",
                                        true)))))
                .isEmpty();
    }
}
