package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(10_000), ZoneOffset.UTC);

    record Change(
            List<String> joined, List<String> departed, List<Boolean> clean, boolean leaderChanged, boolean merged) {}

    private final List<Change> changes = new ArrayList<>();

    private Membership membership() {
        Membership membership = new Membership("me", clock);
        membership.addListener((view, joined, departed, leaderChanged, merged) -> changes.add(new Change(
                joined.stream().map(Member::id).toList(),
                departed.stream().map(d -> d.member().id()).toList(),
                departed.stream().map(MembershipListener.Departure::clean).toList(),
                leaderChanged,
                merged)));
        return membership;
    }

    @Test
    void tracksJoinsLeavesCrashesAndLeader() {
        Membership membership = membership();
        membership.applyView(1, List.of("a", "me"), false);
        membership.applyHello("a", "Alice", 5_000, "mesh", "127.0.0.1:1");
        membership.applyView(2, List.of("a", "me", "b"), false);
        membership.applyGoodbye("b");
        membership.applyView(3, List.of("a", "me"), false);
        membership.applyView(4, List.of("me"), false);

        assertThat(changes)
                .containsExactly(
                        new Change(List.of("a", "me"), List.of(), List.of(), true, false),
                        new Change(List.of("b"), List.of(), List.of(), false, false),
                        new Change(List.of(), List.of("b"), List.of(true), false, false),
                        new Change(List.of(), List.of("a"), List.of(false), true, false));
        MembershipView view = membership.snapshot();
        assertThat(view.leaderId()).isEqualTo("me");
        assertThat(view.isLeader()).isTrue();
    }

    @Test
    void helloFillsNameAndJoinTimeEvenWhenItArrivesFirst() {
        Membership membership = membership();
        membership.applyHello("a", "Alice", 4_000, "", "h:1");
        membership.applyView(1, List.of("a", "me"), true);
        Member alice = membership.snapshot().member("a").orElseThrow();
        assertThat(alice.name()).isEqualTo("Alice");
        assertThat(alice.joinedAtMillis()).isEqualTo(4_000);
        assertThat(alice.role()).isEqualTo("mesh");
        assertThat(changes.get(0).merged()).isTrue();
        Member me = membership.snapshot().member("me").orElseThrow();
        assertThat(me.joinedAtMillis()).isEqualTo(10_000);
    }
}
