package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.election.ElectionAction.AdoptResult;
import dev.starling.node.election.ElectionAction.Agreement;
import dev.starling.node.election.ElectionAction.BroadcastPoints;
import dev.starling.node.election.ElectionAction.ExcludePeer;
import dev.starling.node.election.ElectionAction.ExclusionReason;
import dev.starling.node.election.ElectionAction.LeaderLost;
import dev.starling.node.election.ElectionAction.PublishResult;
import dev.starling.node.election.ElectionAction.ResultMissing;
import dev.starling.node.election.ElectionAction.SendProbe;
import dev.starling.node.election.ElectionAction.SendProbeResponse;
import dev.starling.node.election.ElectionEvent.Begin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElectionTest {

    private static final ElectionConfig CONFIG = ElectionConfig.defaults();

    private static SimulatedRoom sixPeers() {
        SimulatedRoom room = new SimulatedRoom(CONFIG, "p1", "p2", "p3", "p4", "p5", "p6");
        // p3 and p5 are the strong peers: high bitrate, fast encoder, fast links to them.
        for (String id : room.members()) {
            boolean strong = id.equals("p3") || id.equals("p5");
            room.metrics(id, strong ? 2500 : 800, strong ? 4 : 20, 5);
            for (String other : room.members()) {
                room.speed(other, id, strong ? 90 : 15);
            }
        }
        return room;
    }

    private static Begin begin(int mixers, Set<String> members) {
        return new Begin(mixers, members, "balanced", "operator", RttMatrix.empty());
    }

    @Test
    void fullElectionElectsTheStrongPeersAndEveryoneAdoptsTheSameResult() {
        SimulatedRoom room = sixPeers();
        room.send("p1", begin(2, room.members()));

        for (String id : room.members()) {
            List<AdoptResult> adopted = room.adopted(id);
            assertThat(adopted).as(id).hasSize(1);
            ElectionOutcome o = adopted.get(0).outcome();
            assertThat(o.number()).isEqualTo(1);
            assertThat(o.leader()).isEqualTo("p1");
            assertThat(o.mixers()).containsExactly("p3", "p5");
            assertThat(o.assignment()).containsOnlyKeys("p1", "p2", "p4", "p6");
            assertThat(o.backups()).containsOnlyKeys("p1", "p2", "p4", "p6");
            assertThat(adopted.get(0).agreement()).isEqualTo(Agreement.AGREES);
            assertThat(room.nodes.get(id).phase()).isEqualTo(Election.Phase.DONE);
        }
        // Every node computed the identical ranking from the identical points.
        List<RankedPeer> reference =
                room.nodes.get("p1").localRanking().orElseThrow().peers();
        for (Election e : room.nodes.values()) {
            assertThat(e.localRanking().orElseThrow().peers()).isEqualTo(reference);
        }
        // p3 and p5 have identical inputs: their tie breaks by id.
        assertThat(reference.get(0).total()).isEqualTo(reference.get(1).total());
        assertThat(room.actionsOf("p1", PublishResult.class)).hasSize(1);
        assertThat(room.actionsOf("p2", PublishResult.class)).isEmpty();
    }

    @Test
    void sittingMixersKeepTheirSeatsAgainstAChallengerWithinTheMargin() {
        SimulatedRoom room = sixPeers();
        room.send("p1", begin(2, room.members()));
        // Mixing costs the mixers: p3 now encodes a little slower, p2 got a little better than p3.
        room.metrics("p3", 2500, 5, 5);
        room.metrics("p2", 2500, 4.6, 5);
        for (String other : room.members()) {
            room.speed(other, "p2", 90);
        }
        room.send("p1", begin(2, room.members()));
        ElectionOutcome second = room.adopted("p1").get(1).outcome();
        List<String> order = second.ranking().stream().map(RankedPeer::peerId).toList();
        assertThat(order.indexOf("p2")).as("p2 outranks p3 now").isLessThan(order.indexOf("p3"));
        assertThat(second.mixers()).containsExactlyInAnyOrder("p3", "p5");

        // A challenger far ahead does take a seat.
        room.metrics("p3", 300, 60, 5);
        for (String other : room.members()) {
            room.speed(other, "p3", 2);
        }
        room.send("p1", begin(2, room.members()));
        assertThat(room.adopted("p1").get(2).outcome().mixers()).containsExactlyInAnyOrder("p2", "p5");
    }

    @Test
    void anElectionThatHearsFromFewerScorersUnseatsNobody() {
        SimulatedRoom room = sixPeers();
        room.send("p1", begin(2, room.members()));
        assertThat(room.adopted("p1").get(0).outcome().mixers()).containsExactlyInAnyOrder("p3", "p5");

        // p1 now looks far stronger than anyone, but only p1, p3 and p5 answer this time.
        room.metrics("p1", 9000, 1, 5);
        for (String other : room.members()) {
            room.speed(other, "p1", 900);
        }
        room.silent.addAll(List.of("p2", "p4", "p6"));
        room.send("p1", begin(2, room.members()));
        room.advance(CONFIG.probeTimeout());
        room.advance(CONFIG.pointsTimeout());
        assertThat(room.adopted("p1").get(1).outcome().mixers()).containsExactlyInAnyOrder("p3", "p5");

        // Everyone answers again: the election knows as much as the first, and seats p1.
        room.silent.clear();
        room.send("p1", begin(2, room.members()));
        assertThat(room.adopted("p1").get(2).outcome().mixers()).contains("p1");
    }

    @Test
    void peersThatDeclineCandidacyAreScorersAndClientsButNeverMixers() {
        SimulatedRoom room = new SimulatedRoom(CONFIG, "p1", "p2", "p3", "p4", "p5", "p6");
        room.declines("p3");
        room.declines("p5");
        for (String id : room.members()) {
            boolean strong = id.equals("p3") || id.equals("p5");
            room.metrics(id, strong ? 2500 : 800, strong ? 4 : 20, 5);
            for (String other : room.members()) {
                room.speed(other, id, strong ? 90 : 15);
            }
        }
        room.send("p1", begin(2, room.members()));

        ElectionOutcome o = room.adopted("p1").get(0).outcome();
        assertThat(o.mixers()).hasSize(2).doesNotContain("p3", "p5");
        assertThat(o.assignment()).containsKeys("p3", "p5");
        for (String id : room.members()) {
            assertThat(room.adopted(id).get(0).outcome().mixers()).as(id).isEqualTo(o.mixers());
            assertThat(room.adopted(id).get(0).agreement()).as(id).isEqualTo(Agreement.AGREES);
            assertThat(room.nodes.get(id).declined()).as(id).containsExactly("p3", "p5");
            assertThat(room.actionsOf(id, ExcludePeer.class))
                    .as(id)
                    .filteredOn(x -> x.reason() == ExclusionReason.DECLINED)
                    .extracting(ExcludePeer::peer)
                    .containsExactlyInAnyOrder("p3", "p5");
        }
        // The decliners still scored everyone: their points are part of every ranking.
        assertThat(room.nodes.get("p1").pointsBySender()).containsKeys("p3", "p5");
        assertThat(room.actionsOf("p3", BroadcastPoints.class).get(0).candidate())
                .isFalse();
        assertThat(room.actionsOf("p1", BroadcastPoints.class).get(0).candidate())
                .isTrue();
    }

    @Test
    void aRoomWhereNobodyStandsStaysInMesh() {
        SimulatedRoom room = new SimulatedRoom(ElectionConfig.defaults(), "p1", "p2", "p3");
        room.members().forEach(room::declines);
        for (String id : room.members()) {
            room.metrics(id, 800, 10, 5);
        }
        room.send("p1", begin(1, room.members()));
        ElectionOutcome o = room.adopted("p2").get(0).outcome();
        assertThat(o.mixers()).isEmpty();
        assertThat(o.assignment()).isEmpty();
        assertThat(o.roleOf("p2")).isEqualTo("mesh");
    }

    @Test
    void eachPeerProbesEveryOtherPeerAndScoresOnlyThem() {
        SimulatedRoom room = sixPeers();
        room.send("p1", begin(1, room.members()));
        assertThat(room.actionsOf("p2", SendProbe.class))
                .extracting(SendProbe::to)
                .containsExactlyInAnyOrder("p1", "p3", "p4", "p5", "p6");
        assertThat(room.actionsOf("p2", SendProbeResponse.class)).hasSize(5);
        BroadcastPoints points = room.actionsOf("p2", BroadcastPoints.class).get(0);
        assertThat(points.points()).extracting(Points::peerId).containsExactly("p1", "p3", "p4", "p5", "p6");
        // The probe response carries the prober-measured speed and the responder's own encode time.
        SendProbeResponse r = room.actionsOf("p3", SendProbeResponse.class).get(0);
        assertThat(r.speedMbps()).isEqualTo(90);
        assertThat(r.avgEncodeMs()).isEqualTo(4);
    }

    @Test
    void seedPolicyIsCarriedByTheStartMessage() {
        SimulatedRoom room = sixPeers();
        room.send("p1", new Begin(1, room.members(), "seed", "room-size", RttMatrix.empty()));
        assertThat(room.adopted("p4").get(0).outcome().policy()).isEqualTo("seed");
        assertThat(room.adopted("p4").get(0).outcome().mixers()).containsExactly("p3");
    }

    @Test
    void waitsForMetricsReportsThenProceedsWhenTheyArrive() {
        SimulatedRoom room = sixPeers();
        room.metrics("p6", 800, 20, 3); // seed: fewer than 5 reports -> election waits
        room.send("p1", begin(1, room.members()));
        assertThat(room.nodes.get("p1").phase()).isEqualTo(Election.Phase.AWAITING_METRICS);
        // The peers whose reports are in are probed while the wait for p6 goes on.
        assertThat(room.actionsOf("p1", SendProbe.class))
                .extracting(SendProbe::to)
                .containsExactlyInAnyOrder("p2", "p3", "p4", "p5");

        room.advance(Duration.ofSeconds(20));
        assertThat(room.nodes.get("p1").phase()).isEqualTo(Election.Phase.AWAITING_METRICS);
        room.metrics("p6", 800, 20, 5);
        assertThat(room.actionsOf("p1", SendProbe.class))
                .extracting(SendProbe::to)
                .containsExactlyInAnyOrder("p2", "p3", "p4", "p5", "p6");
        assertThat(room.adopted("p1")).hasSize(1);
        assertThat(room.actionsOf("p1", ExcludePeer.class)).isEmpty();
        // The early answers counted: everyone was scored.
        assertThat(room.nodes.get("p1").measuredCapabilities()).containsOnlyKeys("p2", "p3", "p4", "p5", "p6");
    }

    @Test
    void metricsWaitIsBoundedAndPeersStillLackingReportsAreNotScored() {
        SimulatedRoom room = sixPeers();
        room.metrics("p6", 800, 20, 2);
        room.send("p1", begin(1, room.members()));
        room.advance(CONFIG.metricsWait());

        assertThat(room.actionsOf("p1", ExcludePeer.class))
                .containsExactly(new ExcludePeer(1, "p6", ExclusionReason.NOT_ENOUGH_REPORTS));
        assertThat(room.actionsOf("p1", SendProbe.class))
                .extracting(SendProbe::to)
                .doesNotContain("p6");
        ElectionOutcome o = room.adopted("p1").get(0).outcome();
        assertThat(o.mixers()).containsExactly("p3");
        // p6 still sent points, so it remains a candidate with 0 and is assigned as a client.
        assertThat(o.assignment()).containsKey("p6");
    }

    @Test
    void unscoredPeerDoesNotBecomeAMixerEvenWhenSeatsAreLeft() {
        SimulatedRoom room = sixPeers();
        room.metrics("p6", 800, 20, 1);
        room.send("p1", begin(9, room.members())); // more seats than scored candidates
        room.advance(CONFIG.metricsWait());
        ElectionOutcome o = room.adopted("p1").get(0).outcome();
        assertThat(o.mixers()).containsExactly("p3", "p5", "p1", "p2", "p4");
        assertThat(o.assignment()).containsOnlyKeys("p6");
        assertThat(o.roleOf("p6")).isEqualTo("client");
        assertThat(o.roleOf("p3")).isEqualTo("mixer");
    }

    @Test
    void aLoneLeaderElectsItselfWithoutWaiting() {
        Election alone = new Election("solo", CONFIG, () -> Instant.EPOCH);
        List<ElectionAction> out = alone.handle(begin(1, Set.of()));
        assertThat(out)
                .filteredOn(a -> a instanceof AdoptResult)
                .singleElement()
                .satisfies(a -> assertThat(((AdoptResult) a).outcome().mixers()).containsExactly("solo"));
    }

    @Test
    void silentPeerIsExcludedAfterTheBoundsAndNeverWaitedForForever() {
        SimulatedRoom room = sixPeers();
        room.silent.add("p5"); // strong, but crashed: receives, never answers
        room.send("p1", begin(2, room.members()));
        assertThat(room.nodes.get("p1").phase()).isEqualTo(Election.Phase.PROBING);

        room.advance(CONFIG.probeTimeout());
        assertThat(room.actionsOf("p1", ExcludePeer.class))
                .contains(new ExcludePeer(1, "p5", ExclusionReason.NO_PROBE_RESPONSE));
        assertThat(room.nodes.get("p1").phase()).isEqualTo(Election.Phase.AWAITING_POINTS);

        room.advance(CONFIG.pointsTimeout());
        assertThat(room.actionsOf("p1", ExcludePeer.class))
                .contains(new ExcludePeer(1, "p5", ExclusionReason.NO_POINTS));
        ElectionOutcome o = room.adopted("p1").get(0).outcome();
        assertThat(o.mixers()).doesNotContain("p5").startsWith("p3");
        assertThat(o.ranking()).extracting(RankedPeer::peerId).doesNotContain("p5");
        for (String id : List.of("p2", "p3", "p4", "p6")) {
            assertThat(room.adopted(id))
                    .singleElement()
                    .satisfies(a -> assertThat(a.agreement()).isEqualTo(Agreement.AGREES));
        }
    }

    @Test
    void staleElectionNumbersAreIgnored() {
        SimulatedRoom room = sixPeers();
        room.send("p1", begin(1, room.members()));
        room.send("p1", begin(1, room.members()));
        assertThat(room.nodes.get("p4").number()).isEqualTo(2);
        int before = room.actions.get("p4").size();

        room.send("p4", new ElectionEvent.StartReceived("p1", 1, 3, "seed", room.members()));
        room.send("p4", new ElectionEvent.ProbeReceived("p2", 1, 50));
        room.send("p4", new ElectionEvent.PointsReceived("p2", 1, List.of(Points.of("p2", 100, 100, 100))));
        room.send(
                "p4",
                new ElectionEvent.ResultReceived("p1", room.adopted("p4").get(0).outcome()));
        assertThat(room.actions.get("p4")).hasSize(before);
        assertThat(room.nodes.get("p4").lastOutcome().orElseThrow().number()).isEqualTo(2);
        assertThat(room.nodes.get("p1").nextNumber()).isEqualTo(3);
    }

    @Test
    void concurrentElectionsWithTheSameNumberResolveToTheLowerLeaderId() {
        // Two leaders in a split view both open election 1; messages interleave.
        SimulatedRoom room = sixPeers();
        room.deliver("p2", begin(2, room.members()));
        room.deliver("p1", begin(1, room.members()));
        room.flush();

        for (String id : room.members()) {
            ElectionOutcome o = room.nodes.get(id).lastOutcome().orElseThrow();
            assertThat(o.number()).as(id).isEqualTo(1);
            assertThat(o.leader()).as(id).isEqualTo("p1");
            assertThat(o.mixers()).as(id).containsExactly("p3");
        }
        assertThat(room.actionsOf("p2", PublishResult.class)).isEmpty();
    }

    @Test
    void higherNumberSupersedesAnElectionInProgress() {
        SimulatedRoom room = sixPeers();
        room.silent.add("p6"); // keeps election 1 from finishing
        room.send("p1", begin(1, room.members()));
        assertThat(room.nodes.get("p2").phase()).isEqualTo(Election.Phase.PROBING);
        room.silent.remove("p6");

        room.send("p2", begin(2, room.members())); // p2 takes over with number 2
        for (String id : room.members()) {
            ElectionOutcome o = room.nodes.get(id).lastOutcome().orElseThrow();
            assertThat(o.number()).isEqualTo(2);
            assertThat(o.leader()).isEqualTo("p2");
            assertThat(o.mixers()).containsExactly("p3", "p5");
        }
        // Late timeouts of election 1 produce nothing.
        room.advance(Duration.ofMinutes(1));
        assertThat(room.adopted("p1")).hasSize(1);
    }

    @Test
    void leaderLeavingMidElectionIsReportedAndTheNewLeaderRestartsHigher() {
        SimulatedRoom room = sixPeers();
        room.silent.add("p6");
        room.send("p1", begin(1, room.members()));
        room.silent.remove("p6");
        room.leave("p1");

        assertThat(room.actionsOf("p2", LeaderLost.class)).containsExactly(new LeaderLost(1, "p1"));
        assertThat(room.nodes.get("p2").phase()).isEqualTo(Election.Phase.ABANDONED);
        long next = room.nodes.get("p2").nextNumber();
        assertThat(next).isEqualTo(2);
        room.send("p2", begin(1, room.members()));
        assertThat(room.nodes.get("p4").lastOutcome().orElseThrow().number()).isEqualTo(2);
        assertThat(room.nodes.get("p4").lastOutcome().orElseThrow().assignment())
                .doesNotContainKey("p1");
    }

    @Test
    void memberLeavingMidElectionIsNotWaitedFor() {
        SimulatedRoom room = sixPeers();
        room.silent.add("p6");
        room.send("p1", begin(1, room.members()));
        room.leave("p6");
        assertThat(room.actionsOf("p1", ExcludePeer.class)).contains(new ExcludePeer(1, "p6", ExclusionReason.LEFT));
        assertThat(room.adopted("p1")).hasSize(1);
        assertThat(room.adopted("p1").get(0).outcome().assignment()).doesNotContainKey("p6");
    }

    @Test
    void aPeerStillProbingWithinTheProbeBudgetIsWaitedFor() {
        SimulatedRoom room = sixPeers();
        room.slowProbers.add("p6"); // a phone: each of its probes takes seconds on its uplink
        room.send("p1", begin(2, room.members()));
        assertThat(room.nodes.get("p1").phase()).isEqualTo(Election.Phase.AWAITING_POINTS);

        room.advance(CONFIG.pointsTimeout());
        assertThat(room.nodes.get("p1").phase())
                .as("p6 may probe for the whole probe budget")
                .isEqualTo(Election.Phase.AWAITING_POINTS);

        room.answerSlowProbes();
        assertThat(room.actionsOf("p1", ExcludePeer.class)).isEmpty();
        assertThat(room.adopted("p1"))
                .singleElement()
                .satisfies(a -> assertThat(a.outcome().mixers()).containsExactlyInAnyOrder("p3", "p5"));
        assertThat(room.adopted("p6"))
                .singleElement()
                .satisfies(a -> assertThat(a.agreement()).isEqualTo(Agreement.AGREES));
    }

    @Test
    void missingResultFromTheLeaderIsReported() {
        SimulatedRoom room = sixPeers();
        room.silent.add("p1"); // the leader stalls after its start went out: no probes, points or result
        for (String id : room.members()) {
            if (!id.equals("p1")) {
                room.deliver(id, new ElectionEvent.StartReceived("p1", 1, 1, "balanced", room.members()));
            }
        }
        room.flush();
        room.advance(CONFIG.probeTimeout());
        room.advance(CONFIG.pointsTimeout());
        assertThat(room.nodes.get("p2").phase()).isEqualTo(Election.Phase.AWAITING_RESULT);
        room.advance(CONFIG.resultTimeout());
        assertThat(room.actionsOf("p2", ResultMissing.class)).containsExactly(new ResultMissing(1, "p1"));
        assertThat(room.nodes.get("p2").phase()).isEqualTo(Election.Phase.ABANDONED);
    }

    @Test
    void resultForAnElectionWeMissedIsAdoptedWithoutLocalRanking() {
        Election late = new Election("p9", CONFIG, () -> Instant.EPOCH);
        ElectionOutcome o = new ElectionOutcome(
                7, "p1", "balanced", List.of("p3"), java.util.Map.of("p9", "p3"), java.util.Map.of(), List.of());
        List<ElectionAction> out = late.handle(new ElectionEvent.ResultReceived("p1", o));
        assertThat(out).containsExactly(new AdoptResult(o, Agreement.NOT_COMPUTED));
        assertThat(late.nextNumber()).isEqualTo(8);
        // A forged result whose sender is not its leader is ignored.
        ElectionOutcome forged = new ElectionOutcome(
                9, "p1", "balanced", List.of("p9"), java.util.Map.of(), java.util.Map.of(), List.of());
        assertThat(late.handle(new ElectionEvent.ResultReceived("p2", forged))).isEmpty();
    }

    @Test
    void pointsArrivingBeforeTheStartAreKept() {
        SimulatedRoom room = new SimulatedRoom(CONFIG, "a", "b");
        room.metrics("a", 1000, 10, 5);
        room.metrics("b", 1000, 10, 5);
        Election b = room.nodes.get("b");
        b.handle(new ElectionEvent.PointsReceived("a", 1, List.of(Points.of("b", 10, 10, 10))));
        b.handle(new ElectionEvent.StartReceived("a", 1, 1, "balanced", Set.of("a", "b")));
        b.handle(new ElectionEvent.ProbeResponseReceived("a", 1, 10, 10));
        assertThat(b.pointsBySender()).containsOnlyKeys("a", "b");
        assertThat(b.phase()).isEqualTo(Election.Phase.AWAITING_RESULT);
    }
}
