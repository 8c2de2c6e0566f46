package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.events.LiveEvent;
import dev.starling.protocol.v1.ElectionStart;
import dev.starling.protocol.v1.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ElectionServiceTest {

    @Test
    void pinnedMixersAreElectedOnceTheRoomHasSettledAndEveryoneAgrees() {
        ServiceRoom room = new ServiceRoom(ServiceRoom.settings(OptionalInt.of(1)), null, "a", "b", "c");
        room.runFor(Duration.ofSeconds(2));
        assertThat(room.status("a").number()).as("the room is still settling").isZero();

        room.runFor(Duration.ofSeconds(3));

        ElectionStatus leader = room.status("a");
        assertThat(leader.number()).isEqualTo(1);
        assertThat(leader.mixers()).hasSize(1);
        String mixer = leader.mixers().get(0);
        for (String id : List.of("a", "b", "c")) {
            ElectionStatus s = room.status(id);
            assertThat(s.mixers()).as(id).isEqualTo(leader.mixers());
            assertThat(s.assignment()).as(id).isEqualTo(leader.assignment());
            assertThat(s.role()).isEqualTo(id.equals(mixer) ? "mixer" : "client");
            assertThat(room.roles.get(id))
                    .as("roles shown in /api/room at " + id)
                    .containsEntry(mixer, "mixer")
                    .hasSize(3)
                    .containsValue("client");
            assertThat(room.events.get(id).stream().map(LiveEvent::type)).contains("RoleChanged", "ElectionFinished");
            ElectionRecord r = s.history().get(0);
            assertThat(r.trigger()).isEqualTo("configured");
            assertThat(r.durationMs()).isNotNull().isNotNegative();
            assertThat(r.metricsReadyAtMillis())
                    .as("nothing to wait for without media")
                    .isEqualTo(r.startedAtMillis());
        }
        assertThat(leader.history().get(0).scores()).hasSize(3);
        assertThat(leader.peers().get("b").throughputMbps())
                .as("room probe measured by the prober")
                .isPositive();
        assertThat(leader.peers().get("b").points()).isNotNull();

        room.runFor(Duration.ofSeconds(30));
        assertThat(room.status("a").number())
                .as("a settled room is not re-elected")
                .isEqualTo(1);
    }

    @Test
    void aPinnedCountThatNoCandidateCanFillIsNotRetriedForTheSameRoom() {
        // Only c stands; once c is gone the room cannot have its mixer, and must not re-elect in a loop.
        ServiceRoom room =
                new ServiceRoom(id -> ServiceRoom.settings(OptionalInt.of(1), id.equals("c")), null, "a", "b", "c");
        room.runFor(Duration.ofSeconds(5));
        assertThat(room.status("a").mixers()).containsExactly("c");
        assertThat(room.status("a").declined()).containsExactly("a", "b");

        room.kill("c");
        room.runFor(Duration.ofSeconds(20));
        ElectionStatus a = room.status("a");
        assertThat(a.mixers()).isEmpty();
        assertThat(a.role()).isEqualTo("mesh");
        long settled = a.number();
        room.runFor(Duration.ofSeconds(5));
        assertThat(room.status("a").number()).as("no election loop").isEqualTo(settled);
        assertThat(room.status("a").history()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aMemberJoiningWhileTheElectionGathersMetricsIsIncludedByReopeningIt() {
        ElectionService.Settings waiting = ServiceRoom.settings(OptionalInt.of(1), true, 1, Duration.ofSeconds(6));
        ServiceRoom room = new ServiceRoom(waiting, null, "a", "b", "c");
        room.report("a");
        room.report("b"); // c's first report is late, so the election waits for it
        room.runFor(Duration.ofSeconds(4));
        assertThat(room.status("a").phase()).as("election 1 waits").isEqualTo("awaiting_metrics");

        room.join("d", waiting);
        room.report("c");
        room.report("d");
        room.runFor(Duration.ofSeconds(5));

        ElectionStatus a = room.status("a");
        assertThat(a.number()).as("election 1 reopened as 2, and 2 adopted").isEqualTo(2);
        assertThat(a.history())
                .as("one adopted election, not one before and one after the join")
                .hasSize(1);
        assertThat(a.history().get(0).trigger()).isEqualTo("configured");
        for (String id : List.of("a", "b", "c", "d")) {
            assertThat(room.status(id).role()).as(id).isIn("mixer", "client");
            assertThat(room.status(id).number()).as(id).isEqualTo(2);
        }
        room.runFor(Duration.ofSeconds(20));
        assertThat(room.status("a").number())
                .as("no further election for the joiner")
                .isEqualTo(2);
    }

    @Test
    void aCountLeftShortByAnUnscoredCandidateIsRetriedWithinSeconds() {
        // c and d stand for two seats; c cannot be heard, so the first election seats d alone.
        ServiceRoom room = new ServiceRoom(
                id -> ServiceRoom.settings(OptionalInt.of(2), id.equals("c") || id.equals("d")),
                null,
                "a",
                "b",
                "c",
                "d");
        room.mute("c");
        room.runFor(Duration.ofSeconds(10));
        assertThat(room.status("a").mixers()).containsExactly("d");

        room.unmute("c");
        room.runFor(Duration.ofSeconds(15));
        // Well inside the 30 s an unfillable count waits: c was a candidate all along.
        assertThat(room.status("a").mixers()).containsExactlyInAnyOrder("c", "d");
    }

    @Test
    void startsAndResultsFromAnyoneButTheLeaderAreIgnored() {
        ServiceRoom room = new ServiceRoom(ServiceRoom.settings(OptionalInt.empty()), null, "a", "b", "c");
        room.nodes
                .get("b")
                .onEnvelope(Envelope.newBuilder()
                        .setSender("c")
                        .setElectionStart(ElectionStart.newBuilder()
                                .setNumber(7)
                                .setMixers(1)
                                .setPolicy("seed"))
                        .build());
        room.pump();
        assertThat(room.status("b").phase()).isEqualTo("idle");
        assertThat(room.status("b").history()).isEmpty();
    }

    @Test
    void aLeaderThatCrashesMidElectionIsReplacedByANewElectionWithAHigherNumber() {
        ServiceRoom room = new ServiceRoom(ServiceRoom.settings(OptionalInt.of(1)), null, "a", "b", "c");
        room.clock.advance(Duration.ofSeconds(4));
        room.nodes.get("a").tick();
        // Without metrics to wait for, a probes at once: its start and four probe chunks per peer.
        assertThat(room.pumpOnce()).as("a's start and probes to b and c").isEqualTo(2 + 2 * 4);
        assertThat(room.status("b").phase()).isEqualTo("probing");

        room.kill("a");
        room.runFor(Duration.ofSeconds(5));

        for (String id : List.of("b", "c")) {
            ElectionStatus s = room.status(id);
            assertThat(s.number()).as(id).isEqualTo(2);
            assertThat(s.mixers()).doesNotContain("a").hasSize(1);
            assertThat(s.history()).hasSize(1);
            assertThat(s.history().get(0).leader()).isEqualTo("b");
            assertThat(s.history().get(0).trigger()).isEqualTo("leader-lost");
        }
    }

    @Test
    void aKilledMixerIsReplacedByAnElectionThatExcludesIt() {
        ServiceRoom room = new ServiceRoom(ServiceRoom.settings(OptionalInt.of(2)), null, "a", "b", "c", "d");
        room.runFor(Duration.ofSeconds(5));
        List<String> mixers = room.status("a").mixers();
        assertThat(mixers).hasSize(2);
        String victim = mixers.get(1);

        room.kill(victim);
        room.runFor(Duration.ofSeconds(2));

        String leader = room.nodes.keySet().iterator().next();
        ElectionStatus s = room.status(leader);
        assertThat(s.number()).isEqualTo(2);
        assertThat(s.mixers()).hasSize(2).doesNotContain(victim);
        assertThat(s.assignment()).doesNotContainKey(victim).doesNotContainValue(victim);
        assertThat(s.history().get(s.history().size() - 1).trigger()).isEqualTo("mixer-left");
        for (String id : room.nodes.keySet()) {
            assertThat(room.status(id).mixers()).as(id).isEqualTo(s.mixers());
            assertThat(room.status(id).assignment()).as(id).isEqualTo(s.assignment());
        }
    }

    @Test
    void withMediaTheDataChannelProbeIsTheScoredThroughput() {
        Map<String, Double> speeds = Map.of("a", 50.0, "b", 100.0, "c", 400.0);
        ServiceRoom room = new ServiceRoom(
                ServiceRoom.settings(OptionalInt.of(1)),
                self -> peer -> CompletableFuture.completedFuture(speeds.get(peer)),
                "a",
                "b",
                "c");
        room.runFor(Duration.ofSeconds(5));
        ElectionStatus a = room.status("a");
        assertThat(a.peers().get("b").throughputMbps()).isEqualTo(100.0);
        assertThat(a.peers().get("c").throughputMbps()).isEqualTo(400.0);
        assertThat(a.mixers()).containsExactly("c");
    }

    @Test
    void aFailedDataChannelProbeScoresNoThroughputAndTheRoomStillElects() {
        ServiceRoom room = new ServiceRoom(
                ServiceRoom.settings(OptionalInt.of(1)),
                self -> peer -> CompletableFuture.failedFuture(new IllegalStateException("no link")),
                "a",
                "b");
        room.runFor(Duration.ofSeconds(5));
        assertThat(room.status("a").peers().get("b").throughputMbps()).isZero();
        assertThat(room.status("b").mixers()).hasSize(1);
    }

    @Test
    void aCandidateTheElectionCouldNotRankIsRankedByAnotherElectionOnce() {
        // d is the fastest peer but cannot be heard during the first election: it is placed as a
        // client, unranked, and the one seat goes to someone else.
        Map<String, Double> speeds = Map.of("a", 50.0, "b", 50.0, "c", 50.0, "d", 400.0);
        ServiceRoom room = new ServiceRoom(
                ServiceRoom.settings(OptionalInt.of(1)),
                self -> peer -> CompletableFuture.completedFuture(speeds.get(peer)),
                "a",
                "b",
                "c",
                "d");
        room.mute("d");
        room.runFor(Duration.ofSeconds(10));
        assertThat(room.status("a").mixers()).singleElement().isNotEqualTo("d");
        long first = room.status("a").number();

        room.unmute("d");
        room.runFor(Duration.ofSeconds(40));
        assertThat(room.status("a").mixers()).containsExactly("d");
        long second = room.status("a").number();
        assertThat(second).isGreaterThan(first);

        room.runFor(Duration.ofSeconds(60));
        assertThat(room.status("a").number()).as("no further election").isEqualTo(second);
    }

    @Test
    void aCandidateTooWeakToWinEvenAtBestCausesNoElection() {
        // d's probe answers and points are lost; its reports say it is a quarter-core phone. Even
        // with the best throughput anyone measured it would not reach the mixer's score.
        ServiceRoom room = new ServiceRoom(
                ServiceRoom.settings(OptionalInt.of(1), true, 1, Duration.ofSeconds(2)),
                self -> peer -> CompletableFuture.completedFuture(50.0),
                "a",
                "b",
                "c",
                "d");
        for (String desktop : List.of("a", "b", "c")) {
            room.report(desktop, 300, 2, 4);
        }
        room.report("d", 100, 6, 0.25);
        room.mute("d");
        room.runFor(Duration.ofSeconds(10));
        assertThat(room.status("a").mixers()).singleElement().isNotEqualTo("d");
        long first = room.status("a").number();

        room.unmute("d");
        room.runFor(Duration.ofSeconds(90));
        assertThat(room.status("a").number()).as("no election for d").isEqualTo(first);
    }

    @Test
    void aCandidateThatStaysUnrankableCausesAFewElectionsAtMost() {
        ServiceRoom room = new ServiceRoom(ServiceRoom.settings(OptionalInt.of(1)), null, "a", "b", "c", "d");
        room.mute("d");
        room.runFor(Duration.ofMinutes(5));
        // The first election, then three more for d, 30 s apart at least; none after.
        assertThat(room.status("a").number()).isLessThanOrEqualTo(1 + LeaderDuties.UNRANKED_RETRIES);
        assertThat(room.status("a").mixers()).singleElement().isNotEqualTo("d");
    }

    @Test
    void operatorRequestsAreTakenByTheLeaderOnlyAndZeroReturnsToMesh() {
        ServiceRoom room = new ServiceRoom(ServiceRoom.settings(OptionalInt.empty()), null, "a", "b", "c");
        ElectionService.RequestAnswer refused =
                room.nodes.get("c").requestMixers(1).join();
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.leader()).isEqualTo("a");

        assertThat(room.nodes.get("a").requestMixers(1).join().accepted()).isTrue();
        room.runFor(Duration.ofSeconds(1));
        assertThat(room.status("c").mixers()).hasSize(1);
        assertThat(room.status("a").history().get(0).trigger()).isEqualTo("operator");
        assertThat(room.status("a").pinnedMixers()).isEqualTo(1);

        room.nodes.get("a").requestMixers(0).join();
        room.runFor(Duration.ofSeconds(1));
        for (String id : List.of("a", "b", "c")) {
            assertThat(room.status(id).mixers()).as(id).isEmpty();
            assertThat(room.status(id).role()).isEqualTo("mesh");
            assertThat(room.roles.get(id))
                    .containsOnly(Map.entry("a", "mesh"), Map.entry("b", "mesh"), Map.entry("c", "mesh"));
        }
        assertThat(room.status("a").pinnedMixers()).isNull();
    }

    @Test
    void afterAPartitionHealsTheLeaderReunitesBothHalvesUnderOneElection() {
        ServiceRoom room = new ServiceRoom(ServiceRoom.settings(OptionalInt.of(1)), null, "a", "b", "c", "d");
        room.partition(List.of("a", "b"), List.of("c", "d"));
        room.runFor(Duration.ofSeconds(4));
        // Each half elected on its own; c's half ran more elections, so its number is higher.
        assertThat(room.nodes.get("c").requestMixers(1).join().accepted()).isTrue();
        room.runFor(Duration.ofSeconds(1));
        assertThat(room.status("a").history().get(0).leader()).isEqualTo("a");
        assertThat(room.status("d").number()).isEqualTo(2);

        room.merge(List.of("a", "b", "c", "d"));
        room.runFor(Duration.ofSeconds(8));

        ElectionStatus s = room.status("a");
        assertThat(s.number()).isGreaterThan(2);
        assertThat(s.assignment()).hasSize(3);
        assertThat(s.history().get(s.history().size() - 1).trigger()).isIn("merge", "renumber");
        for (String id : List.of("b", "c", "d")) {
            assertThat(room.status(id).number()).as(id).isEqualTo(s.number());
            assertThat(room.status(id).mixers()).as(id).isEqualTo(s.mixers());
            assertThat(room.status(id).assignment()).as(id).isEqualTo(s.assignment());
        }
    }

    @Test
    void aRoomAboveTheMeshThresholdElectsWithoutAnyPin() {
        ServiceRoom room =
                new ServiceRoom(ServiceRoom.settings(OptionalInt.empty()), null, "a", "b", "c", "d", "e", "f");
        room.runFor(Duration.ofSeconds(3));
        ElectionStatus s = room.status("f");
        assertThat(s.mixers()).hasSize(1);
        assertThat(s.history().get(0).trigger()).isEqualTo("room-size");
    }
}
