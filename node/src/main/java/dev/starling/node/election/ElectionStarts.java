package dev.starling.node.election;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What this node knew about each open election when it started: the pure {@link Election} keeps
 * only the current round, but the leader re-opens an election with its original trigger and count,
 * throttles retries for the same members, and the history reports trigger and duration, all of
 * which need the start as it was seen here. Forgotten once a later result is adopted.
 */
final class ElectionStarts {

    /** An election's start as this node saw it: why, for how many mixers, when, and for whom. */
    record Start(String trigger, int mixers, Instant at, Set<String> members) {}

    private final Map<Long, Start> starts = new TreeMap<>();
    private final Clock clock;
    private final RoomMembers members;

    ElectionStarts(Clock clock, RoomMembers members) {
        this.clock = clock;
        this.members = members;
    }

    /** Notes that election {@code number} starts now, for the members in view now. */
    void remember(long number, String trigger, int mixers) {
        starts.put(number, new Start(trigger, mixers, clock.instant(), Set.copyOf(members.ids())));
    }

    Optional<Start> get(long number) {
        return Optional.ofNullable(starts.get(number));
    }

    /** Drops the starts of elections older than {@code number}. */
    void forgetBefore(long number) {
        starts.keySet().removeIf(n -> n < number);
    }
}
