package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.election.TriggerDecision.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ElectionTriggersTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final TriggerConfig config = TriggerConfig.defaults();
    private final ElectionTriggers triggers = new ElectionTriggers(config);

    private static Set<String> peers(int n) {
        Set<String> s = new TreeSet<>();
        for (int i = 1; i <= n; i++) {
            s.add("p" + i);
        }
        return s;
    }

    private static RoomObservation obs(long seconds, Set<String> members, List<String> mixers) {
        return new RoomObservation(T0.plusSeconds(seconds), members, mixers, Set.of(), OptionalInt.empty(), Map.of());
    }

    private static RoomObservation troubled(long seconds, Set<String> members, List<String> mixers, String... t) {
        return new RoomObservation(T0.plusSeconds(seconds), members, mixers, Set.of(t), OptionalInt.empty(), Map.of());
    }

    private static RoomObservation scored(
            long seconds, Set<String> members, List<String> mixers, Map<String, Double> s) {
        return new RoomObservation(T0.plusSeconds(seconds), members, mixers, Set.of(), OptionalInt.empty(), s);
    }

    @Test
    void meshUpToTheThresholdThenMixersAboveIt() {
        assertThat(triggers.evaluate(obs(0, peers(5), List.of()))).isEmpty();
        Optional<TriggerDecision> d = triggers.evaluate(obs(1, peers(6), List.of()));
        assertThat(d)
                .get()
                .extracting(TriggerDecision::reason, TriggerDecision::mixers)
                .containsExactly(Reason.ROOM_SIZE, 1);
    }

    @Test
    void backToMeshOnlyBelowTheReturnSizeSoTheSixthPeerDoesNotFlap() {
        List<String> mixers = List.of("p1");
        assertThat(triggers.evaluate(obs(0, peers(6), mixers))).isEmpty();
        assertThat(triggers.evaluate(obs(30, peers(5), mixers)))
                .as("5 is above return size 4")
                .isEmpty();
        Optional<TriggerDecision> d = triggers.evaluate(obs(31, peers(4), mixers));
        assertThat(d).get().satisfies(x -> {
            assertThat(x.reason()).isEqualTo(Reason.BACK_TO_MESH);
            assertThat(x.backToMesh()).isTrue();
        });
    }

    @Test
    void mixerLeavingTriggersAtOnceEvenDuringCooldown() {
        assertThat(triggers.evaluate(obs(0, peers(8), List.of()))).isPresent(); // room-size election
        Set<String> without2 = new TreeSet<>(peers(8));
        without2.remove("p2");
        Optional<TriggerDecision> d = triggers.evaluate(obs(1, without2, List.of("p1", "p2")));
        assertThat(d)
                .get()
                .extracting(TriggerDecision::reason, TriggerDecision::mixers)
                .containsExactly(Reason.MIXER_LEFT, 2);
    }

    @Test
    void operatorRequestWinsAndIsCappedToLeaveAClient() {
        RoomObservation o = new RoomObservation(T0, peers(3), List.of(), Set.of(), OptionalInt.of(9), Map.of());
        assertThat(triggers.evaluate(o))
                .get()
                .extracting(TriggerDecision::reason, TriggerDecision::mixers)
                .containsExactly(Reason.OPERATOR, 2);
        RoomObservation mesh = new RoomObservation(T0, peers(7), List.of("p1"), Set.of(), OptionalInt.of(0), Map.of());
        assertThat(triggers.evaluate(mesh))
                .get()
                .extracting(TriggerDecision::mixers)
                .isEqualTo(0);
    }

    @Test
    void qualityTroubleMustBeSustained() {
        Set<String> room = peers(4);
        assertThat(triggers.evaluate(troubled(0, room, List.of(), "p2"))).isEmpty();
        assertThat(triggers.evaluate(troubled(9, room, List.of(), "p2"))).isEmpty();
        // Trouble clears for one observation: the clock restarts.
        assertThat(triggers.evaluate(troubled(10, room, List.of()))).isEmpty();
        assertThat(triggers.evaluate(troubled(11, room, List.of(), "p2"))).isEmpty();
        assertThat(triggers.evaluate(troubled(20, room, List.of(), "p2"))).isEmpty();
        Optional<TriggerDecision> d = triggers.evaluate(troubled(21, room, List.of(), "p2"));
        assertThat(d).get().extracting(TriggerDecision::reason).isEqualTo(Reason.QUALITY);
        // It does not fire again on the next tick (cooldown, and the trouble clock restarts).
        assertThat(triggers.evaluate(troubled(22, room, List.of("p1"), "p2"))).isEmpty();
    }

    @Test
    void qualityTroubleInATwoPeerRoomElectsNothing() {
        assertThat(triggers.evaluate(troubled(0, peers(2), List.of(), "p2"))).isEmpty();
        assertThat(triggers.evaluate(troubled(60, peers(2), List.of(), "p2"))).isEmpty();
    }

    @Test
    void periodicReevaluationHasHysteresis() {
        Set<String> room = peers(6);
        List<String> mixers = List.of("p1");
        assertThat(triggers.evaluate(scored(0, room, mixers, Map.of()))).isEmpty();
        // Worst mixer 50; best non-mixer 57 < 50 * 1.15 = 57.5 -> keep the mixers.
        Map<String, Double> close = Map.of("p1", 50.0, "p2", 57.0, "p3", 10.0);
        assertThat(triggers.evaluate(scored(60, room, mixers, close))).isEmpty();
        // Not re-evaluated before the next period even if the numbers change.
        Map<String, Double> clear = Map.of("p1", 50.0, "p2", 58.0, "p3", 10.0);
        assertThat(triggers.evaluate(scored(90, room, mixers, clear))).isEmpty();
        // 58 > 57.5 at the next period -> re-elect the same number of mixers.
        Optional<TriggerDecision> d = triggers.evaluate(scored(120, room, mixers, clear));
        assertThat(d)
                .get()
                .extracting(TriggerDecision::reason, TriggerDecision::mixers)
                .containsExactly(Reason.PERIODIC, 1);
    }

    @Test
    void cooldownHoldsBackNonUrgentTriggers() {
        assertThat(triggers.evaluate(obs(0, peers(6), List.of()))).isPresent();
        // The election failed to produce mixers; the room-size trigger waits for the cooldown.
        assertThat(triggers.evaluate(obs(10, peers(6), List.of()))).isEmpty();
        assertThat(triggers.evaluate(obs(20, peers(6), List.of()))).isPresent();
    }

    @Test
    void wireNamesAreKebabCase() {
        assertThat(Reason.MIXER_LEFT.wireName()).isEqualTo("mixer-left");
        assertThat(Duration.ofSeconds(20)).isEqualTo(config.cooldown());
    }
}
