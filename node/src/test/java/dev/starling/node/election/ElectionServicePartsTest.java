package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElectionServicePartsTest {

    @Test
    void metricsWindowCountsNewReportsAndAveragesTheLastFew() {
        MetricsWindow w = new MetricsWindow(2);
        assertThat(w.observe("p", 1000, 100, 4, 2)).isPresent();
        assertThat(w.observe("p", 1000, 999, 9, 2)).as("same report seen again").isEmpty();
        w.observe("p", 2000, 200, 0, 2);
        var m = w.observe("p", 3000, 300, 6, 0.25).orElseThrow();
        assertThat(m.reportCount()).isEqualTo(3);
        assertThat(m.avgBitrateKbps()).isEqualTo(250);
        assertThat(m.avgEncodeMs())
                .as("0 ms means nothing encoded, not infinitely fast")
                .isEqualTo(6);
        assertThat(m.cpuCores()).as("the latest budget stands").isEqualTo(0.25);
        assertThat(w.observe("p", 4000, 300, 6, 1e9).orElseThrow().cpuCores())
                .as("no machine has a billion cores")
                .isNaN();
        w.retain(Set.of("q"));
        assertThat(w.current("p")).isEmpty();
    }

    @Test
    void probeTrackerTimesRoomProbesAndPassesMediaFiguresThrough() {
        ProbeTracker t = new ProbeTracker();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        t.timed("b", 1, t0, 2 * 1024 * 1024);
        t.measured("c", 1, 42.0);
        // 2 MiB in 100 ms = 167.8 Mbit/s.
        assertThat(t.answered("b", 1, t0.plusMillis(100)).getAsDouble())
                .isCloseTo(167.77, org.assertj.core.data.Offset.offset(0.01));
        assertThat(t.answered("b", 1, t0.plusMillis(200))).as("answered once").isEmpty();
        assertThat(t.answered("c", 1, t0).getAsDouble()).isEqualTo(42.0);
        t.timed("d", 1, t0, 10);
        t.forgetBefore(2);
        assertThat(t.answered("d", 1, t0)).isEmpty();
    }

    @Test
    void probeReceiptsAnswerWhenTheAnnouncedBytesAreIn() {
        ProbeReceipts r = new ProbeReceipts();
        assertThat(r.chunk("a", 1, 0, 0)).hasValue(0);
        assertThat(r.chunk("a", 2, 600, 1000)).isEmpty();
        assertThat(r.chunk("b", 2, 600, 1000)).isEmpty();
        assertThat(r.chunk("a", 2, 400, 1000)).hasValue(1000);
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void roomMembersLeadNobodyBeforeTheFirstViewAndNoteATakeover() {
        RoomMembers m = new RoomMembers("b", T0);
        assertThat(m.isLeader()).isFalse();
        assertThat(m.isLeader("b")).isFalse();
        assertThat(m.leaderOr("?")).isEqualTo("?");
        assertThat(m.ids()).containsExactly("b");

        assertThat(m.update(view("b", "a", "b"), T0.plusSeconds(1)))
                .as("a leads")
                .isFalse();
        assertThat(m.isLeader("a")).isTrue();
        assertThat(m.ids()).containsExactly("a", "b");
        assertThat(m.settled(T0.plusSeconds(3), Duration.ofSeconds(3))).isFalse();
        assertThat(m.settled(T0.plusSeconds(4), Duration.ofSeconds(3))).isTrue();

        assertThat(m.update(view("b", "b"), T0.plusSeconds(5)))
                .as("a left: b takes over")
                .isTrue();
        assertThat(m.update(view("b", "b", "c"), T0.plusSeconds(6)))
                .as("b already led")
                .isFalse();
        assertThat(m.leaderOr("?")).isEqualTo("b");
    }

    @Test
    void phaseTimesNoteEachMilestoneOncePerElection() {
        PhaseTimes t = new PhaseTimes();
        t.observe(0, Election.Phase.IDLE, T0);
        assertThat(t.probesDoneAtMillis(0)).as("idle passes no milestone").isNull();

        t.observe(1, Election.Phase.AWAITING_METRICS, T0);
        assertThat(t.metricsReadyAtMillis(T0)).isNull();
        t.observe(1, Election.Phase.PROBING, T0.plusMillis(10));
        t.observe(1, Election.Phase.PROBING, T0.plusMillis(20));
        assertThat(t.metricsReadyAtMillis(T0)).isEqualTo(T0.plusMillis(10).toEpochMilli());
        assertThat(t.probesDoneAtMillis(1)).isNull();
        // One event may pass both milestones of the next election at once.
        t.observe(2, Election.Phase.AWAITING_POINTS, T0.plusMillis(30));
        t.observe(2, Election.Phase.DONE, T0.plusMillis(40));
        assertThat(t.metricsReadyAtMillis(T0.plusMillis(25)))
                .isEqualTo(T0.plusMillis(30).toEpochMilli());
        assertThat(t.metricsReadyAtMillis(T0.plusMillis(35)))
                .as("ready before a later start")
                .isNull();
        assertThat(t.metricsReadyAtMillis(null)).as("start missed").isNull();
        assertThat(t.probesDoneAtMillis(2)).isEqualTo(T0.plusMillis(30).toEpochMilli());
        assertThat(t.probesDoneAtMillis(1)).isNull();
    }

    @Test
    void electionStartsAreStampedWithTheirMomentAndMembersAndForgottenOnceSuperseded() {
        ServiceRoom.MutableClock clock = new ServiceRoom.MutableClock(T0);
        RoomMembers members = new RoomMembers("a", T0);
        members.update(view("a", "a", "b"), T0);
        ElectionStarts starts = new ElectionStarts(clock, members);
        starts.remember(1, "configured", 1);
        clock.advance(Duration.ofSeconds(1));
        members.update(view("a", "a", "b", "c"), clock.instant());
        starts.remember(2, "membership", 2);

        assertThat(starts.get(1)).hasValue(new ElectionStarts.Start("configured", 1, T0, Set.of("a", "b")));
        assertThat(starts.get(2).orElseThrow().members()).containsExactlyInAnyOrder("a", "b", "c");
        starts.forgetBefore(2);
        assertThat(starts.get(1)).isEmpty();
        assertThat(starts.get(2)).isPresent();
    }

    @Test
    void aFailingLoopTaskIsLoggedAndTheNextOneStillRuns() {
        List<String> ran = new ArrayList<>();
        ElectionLoop loop = new ElectionLoop(Runnable::run);
        loop.execute(() -> {
            throw new IllegalStateException("lost send");
        });
        loop.execute(() -> ran.add("next"));
        assertThat(ran).containsExactly("next");
        assertThat(loop.supply(() -> 7).join()).isEqualTo(7);
    }

    private static MembershipView view(String self, String... ids) {
        return new MembershipView(
                1,
                self,
                java.util.Arrays.stream(ids)
                        .map(id -> new Member(id, id, 0, "mesh", ""))
                        .toList());
    }
}
