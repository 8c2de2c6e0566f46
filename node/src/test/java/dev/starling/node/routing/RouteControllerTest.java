package dev.starling.node.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.election.ElectionOutcome;
import dev.starling.node.events.LiveEvents;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteControllerTest {
    private final List<SendPlan> applied = new ArrayList<>();
    private final List<Runnable> pending = new ArrayList<>();
    private final RouteController routes = new RouteController(
            "a",
            applied::add,
            Runnable::run,
            (delay, task) -> pending.add(task),
            Duration.ofMillis(1500),
            new LiveEvents(Clock.systemUTC(), 16),
            Clock.systemUTC());

    private void view(String... ids) {
        List<Member> members = new ArrayList<>();
        for (String id : ids) {
            members.add(new Member(id, id, 0, "mesh", ""));
        }
        routes.membershipChanged(new MembershipView(1, "a", members), List.of(), List.of(), false, false);
    }

    private void runPending() {
        List<Runnable> due = new ArrayList<>(pending);
        pending.clear();
        due.forEach(Runnable::run);
    }

    private static ElectionOutcome oneMixer(long number, String mixer, Map<String, String> assignment) {
        return new ElectionOutcome(number, "a", "balanced", List.of(mixer), assignment, Map.of(), List.of());
    }

    @Test
    void switchingToAMixerKeepsDirectPathsUntilTheOverlapEnds() {
        view("a", "b", "m");
        routes.electionAdopted(oneMixer(1, "m", Map.of("a", "m", "b", "m")));
        SendPlan make = applied.get(applied.size() - 1);
        assertThat(make.inputsFor("b")).containsExactly("a"); // still direct
        runPending();
        SendPlan brk = applied.get(applied.size() - 1);
        assertThat(brk.sendsTo("b")).isFalse(); // frozen after the overlap
        assertThat(brk.inputsFor("m")).containsExactly("a");
        assertThat(routes.table().role("a")).isEqualTo("client");
    }

    @Test
    void aCrashedMixerSendsItsClientsBackToMeshAtOnce() {
        view("a", "b", "m");
        routes.electionAdopted(oneMixer(1, "m", Map.of("a", "m", "b", "m")));
        runPending();
        routes.membershipChanged(
                new MembershipView(
                        2, "a", List.of(new Member("a", "a", 0, "client", ""), new Member("b", "b", 0, "client", ""))),
                List.of(),
                List.of(new MembershipListener.Departure(new Member("m", "m", 0, "mixer", ""), false, 0)),
                false,
                false);
        assertThat(applied.get(applied.size() - 1).inputsFor("b")).containsExactly("a"); // no waiting
        assertThat(routes.switches())
                .last()
                .satisfies(s -> assertThat(s.reason()).contains("m (crashed)"));
    }

    @Test
    void aNewerChangeCancelsTheRestOfAnOlderSwitch() {
        view("a", "b", "m");
        routes.electionAdopted(oneMixer(1, "m", Map.of("a", "m", "b", "m")));
        routes.electionAdopted(new ElectionOutcome(2, "a", "balanced", List.of(), Map.of(), Map.of(), List.of()));
        int before = applied.size();
        runPending();
        // Only the mesh switch's own break step ran; the mixer switch's stale one did nothing.
        assertThat(applied).hasSize(before + 1);
        assertThat(applied.get(applied.size() - 1).inputsFor("b")).containsExactly("a");
        assertThat(applied.get(applied.size() - 1).inputsFor("m")).containsExactly("a");
    }

    @Test
    void changingMixersPassesThroughMesh() {
        view("a", "b", "c", "d");
        routes.electionAdopted(oneMixer(1, "b", Map.of("a", "b", "c", "b", "d", "b")));
        runPending();
        routes.electionAdopted(oneMixer(2, "c", Map.of("a", "c", "b", "c", "d", "c")));
        assertThat(routes.switches())
                .last()
                .satisfies(s -> assertThat(s.steps()).isEqualTo(3));
        SendPlan bridge = applied.get(applied.size() - 1);
        assertThat(bridge.inputsFor("d")).containsExactly("a"); // direct to everyone while mixers change
        runPending();
        runPending();
        assertThat(applied.get(applied.size() - 1).sendsTo("d")).isFalse();
        assertThat(applied.get(applied.size() - 1).inputsFor("c")).containsExactly("a");
    }
}
