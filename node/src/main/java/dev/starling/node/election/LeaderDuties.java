package dev.starling.node.election;

import dev.starling.node.election.ElectionEvent.Begin;
import dev.starling.node.election.ElectionEvent.ResultReceived;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the room leader opens an election, and for how many mixers. Only the leader opens
 * elections (a start from anyone else is dropped), so every reason to open one is weighed here:
 * an operator request, a pinned count the room now allows, a mixer that left, the triggers, and a
 * fresh number after a merge or takeover, when members may hold results of different leaders.
 * If the leader disappears mid-election, the election reports it and the new leader opens a new
 * one with a higher number.
 */
final class LeaderDuties {
    private static final Logger log = LoggerFactory.getLogger(LeaderDuties.class);

    /**
     * A pinned mixer count that the last election could not fill for the same members because too
     * few of them stand is not retried before this: another election would only find the same room.
     */
    static final Duration UNFILLED_RETRY = Duration.ofSeconds(30);
    /**
     * Enough members stand but some could not be scored (a probe lost while links re-formed after
     * a merge): retried after this, so a candidate that stays unscorable cannot loop the room.
     */
    static final Duration UNSCORED_RETRY = Duration.ofSeconds(5);

    private final ElectionService.Settings settings;
    private final Election election;
    private final ElectionTriggers triggers;
    /** Elections opened again for the same unranked candidates, 30 s apart at least, so none can loop the room. */
    static final int UNRANKED_RETRIES = 3;

    private Set<String> retriedUnranked = Set.of();
    private int unrankedRetries;
    private Instant unrankedRetriedAt = Instant.MIN;

    private final RoomMembers members;
    private final ElectionStarts starts;
    private final Adoption adoption;
    private final MetricsFeed metrics;
    private final ElectionWire wire;
    private final Clock clock;
    private final Consumer<ElectionEvent> feed;

    private OptionalInt pinned;
    private boolean operatorPending;
    /** Why the leader must re-elect under a fresh number (a merge, a takeover, a stale number), or null. */
    private String renumber;

    /** @param feed hands an event to the election and carries out its actions */
    LeaderDuties(
            ElectionService.Settings settings,
            Election election,
            RoomMembers members,
            ElectionStarts starts,
            Adoption adoption,
            MetricsFeed metrics,
            ElectionWire wire,
            Clock clock,
            Consumer<ElectionEvent> feed) {
        this.settings = settings;
        this.election = election;
        this.triggers = new ElectionTriggers(settings.triggers());
        this.members = members;
        this.starts = starts;
        this.adoption = adoption;
        this.metrics = metrics;
        this.wire = wire;
        this.clock = clock;
        this.feed = feed;
        this.pinned = settings.pinnedMixers();
    }

    /** The pinned mixer count (--mixers or the operator's), if any. */
    OptionalInt pinned() {
        return pinned;
    }

    /** {@code POST /api/election}: only the leader accepts; 0 returns the room to mesh. */
    ElectionService.RequestAnswer request(int mixers) {
        if (!members.isLeader()) {
            return new ElectionService.RequestAnswer(false, members.leaderOr(""), mixers);
        }
        pinned = mixers == 0 ? OptionalInt.empty() : OptionalInt.of(mixers);
        if (mixers == 0) {
            backToMesh("operator");
        } else {
            operatorPending = true;
            ElectionLoop.guarded(this::duties);
        }
        return new ElectionService.RequestAnswer(true, members.self(), mixers);
    }

    /** The view changed: after a merge or a takeover, members may hold results of different leaders. */
    void viewChanged(boolean tookOver, boolean merged) {
        ElectionOutcome adopted = adoption.current();
        if (members.isLeader()
                && adopted != null
                && (merged || (tookOver && !adopted.leader().equals(members.self())))) {
            // One fresh election reunites them.
            renumber = merged ? "merge" : "leader-changed";
        }
    }

    /** A member still holds another leader's election: re-elect above {@code number}. */
    void heldElsewhere(long number) {
        election.observeNumber(number);
        renumber = "renumber";
    }

    /**
     * A member that joins while this leader's election still gathers metrics or probes would be
     * left out of it, and a second election would follow at once, often with other mixers: one
     * switch too many, and a switch thaws links whose receivers then buffer deeply for half a
     * minute (measured; see the README's mixer section). The election is opened again, with a
     * higher number that supersedes it, for everyone.
     */
    void reopenForJoiners() {
        Election.Phase phase = election.phase();
        if (!members.isLeader() || (phase != Election.Phase.AWAITING_METRICS && phase != Election.Phase.PROBING)) {
            return;
        }
        starts.get(election.number())
                .filter(current -> !current.members().containsAll(members.ids()))
                .ifPresent(current -> {
                    log.info("election {} reopened: members joined while it gathered measurements", election.number());
                    begin(current.mixers(), current.trigger());
                });
    }

    /** The election {@code number} failed for want of its leader or result; this node opens the next if it leads. */
    void restartIfLeader(long number, String trigger) {
        if (members.isLeader()) {
            int mixers = starts.get(number)
                    .map(ElectionStarts.Start::mixers)
                    .orElseGet(() -> pinned.orElse(settings.triggers().defaultMixers()));
            begin(mixers, trigger);
        }
    }

    /** On the leader, every tick: opens an election if one is due and none is running. */
    void duties() {
        if (inProgress()) {
            return;
        }
        Instant now = clock.instant();
        Set<String> ids = members.ids();
        ElectionOutcome adopted = adoption.current();
        List<String> mixers = adopted == null ? List.of() : adopted.mixers();
        boolean settled = members.settled(now, settings.settle());
        if (renumber != null && settled) {
            String trigger = renumber;
            renumber = null;
            if (ids.size() < 2) {
                return;
            }
            int count = pinned.orElse(mixers.size());
            if (count == 0) {
                backToMesh(trigger);
            } else {
                begin(Math.max(1, Math.min(count, ids.size() - 1)), trigger);
            }
            return;
        }
        if (pinned.isPresent()) {
            int want = Math.min(pinned.getAsInt(), ids.size() - 1);
            if (want < 1) {
                return;
            }
            if (operatorPending) {
                operatorPending = false;
                begin(want, "operator");
            } else if (mixers.stream().anyMatch(m -> !ids.contains(m))) {
                begin(want, "mixer-left");
            } else if (!placesEveryone(ids, want) && settled && !triedRecently(ids, now)) {
                begin(want, adopted == null ? "configured" : "membership");
            } else if (settled && !triedRecently(ids, now)) {
                Set<String> unranked = unrankedCandidates(ids);
                boolean again = unranked.equals(retriedUnranked);
                if (!unranked.isEmpty()
                        && mightTakeASeat(unranked, mixers, ids)
                        && (!again
                                || (unrankedRetries < UNRANKED_RETRIES
                                        && now.isAfter(unrankedRetriedAt.plus(UNFILLED_RETRY))))) {
                    unrankedRetries = again ? unrankedRetries + 1 : 1;
                    retriedUnranked = unranked;
                    unrankedRetriedAt = now;
                    log.info("election {} left candidates {} unranked; electing again", adopted.number(), unranked);
                    begin(want, "unranked");
                }
            }
            return;
        }
        RoomObservation o = new RoomObservation(
                now,
                ids,
                mixers,
                QualityTrouble.troubled(
                        metrics.reportsOf(ids), settings.triggers().encodeBudgetMs()),
                OptionalInt.empty(),
                metrics.freshScores(
                        ids,
                        election.measuredCapabilities(),
                        ScoringPolicy.forName(
                                settings.policy(), settings.election().balancedWeights())));
        triggers.evaluate(o).ifPresent(d -> {
            log.info("election trigger: {} ({})", d.reason().wireName(), d.detail());
            if (d.backToMesh()) {
                backToMesh(d.reason().wireName());
            } else {
                begin(d.mixers(), d.reason().wireName());
            }
        });
    }

    /**
     * Members that stand but that this leader's adopted election could not rank: their metrics,
     * probe answer or points came too late (a merge, a starved peer). They are placed as clients,
     * so the count looks filled, yet the strongest peer may be among them: in the lab, a room of 2
     * desktops and 4 phones that had just merged elected two phones this way.
     */
    private Set<String> unrankedCandidates(Set<String> ids) {
        ElectionOutcome adopted = adoption.current();
        if (adopted == null
                || !adopted.leader().equals(members.self())
                || adopted.ranking().isEmpty()) {
            return Set.of();
        }
        Set<String> unranked = new TreeSet<>(ids);
        unranked.removeAll(election.declined());
        adopted.ranking().forEach(r -> unranked.remove(r.peerId()));
        return Set.copyOf(unranked);
    }

    /**
     * Whether one of {@code unranked} might take a seat: scored on its current metrics with the
     * best throughput anyone measured (no probe of it was answered), it reaches the weakest
     * mixer's score. One that could not win even so is not worth another election, which takes
     * 15 s of gathering and, if the seats change, a route switch for everyone: in the lab, phones
     * whose points came late kept a room of 2 desktops and 4 phones re-electing for nothing.
     * Without current scores (no metrics yet) nothing can be ruled out.
     */
    private boolean mightTakeASeat(Set<String> unranked, List<String> mixers, Set<String> ids) {
        Map<String, Double> scores = metrics.scoresAtBest(
                ids,
                election.measuredCapabilities(),
                ScoringPolicy.forName(settings.policy(), settings.election().balancedWeights()),
                unranked);
        double weakestMixer = Double.POSITIVE_INFINITY;
        for (String mixer : mixers) {
            Double score = scores.get(mixer);
            if (score == null) {
                return true;
            }
            weakestMixer = Math.min(weakestMixer, score);
        }
        for (String candidate : unranked) {
            Double score = scores.get(candidate);
            if (score == null || score >= weakestMixer) {
                return true;
            }
        }
        return false;
    }

    private boolean placesEveryone(Set<String> ids, int want) {
        ElectionOutcome adopted = adoption.current();
        return adopted != null
                && adopted.mixers().size() == want
                && ids.stream().noneMatch(m -> adopted.roleOf(m).equals("mesh"));
    }

    /**
     * Whether the adopted election, short of the pinned count, was opened for exactly these
     * members too recently to try again: {@link #UNFILLED_RETRY} when every member that stands
     * already mixes, {@link #UNSCORED_RETRY} when a standing candidate went unscored.
     */
    private boolean triedRecently(Set<String> ids, Instant now) {
        ElectionOutcome adopted = adoption.current();
        ElectionStarts.Start last =
                adopted == null ? null : starts.get(adopted.number()).orElse(null);
        if (last == null || !last.members().equals(ids)) {
            return false;
        }
        Set<String> standing = new TreeSet<>(ids);
        standing.removeAll(election.declined());
        boolean everyCandidateSits = standing.size() <= adopted.mixers().size();
        return now.isBefore(last.at().plus(everyCandidateSits ? UNFILLED_RETRY : UNSCORED_RETRY));
    }

    private boolean inProgress() {
        return switch (election.phase()) {
            case AWAITING_METRICS, PROBING, AWAITING_POINTS, AWAITING_RESULT -> true;
            default -> false;
        };
    }

    private void begin(int mixers, String trigger) {
        long number = election.nextNumber();
        starts.remember(number, trigger, mixers);
        log.info("opening election {} for {} mixer(s): {}", number, mixers, trigger);
        feed.accept(new Begin(mixers, members.ids(), settings.policy(), trigger, metrics.rtt()));
    }

    /** Mesh is not an election: the leader just publishes an empty result under a new number. */
    private void backToMesh(String trigger) {
        long number = election.nextNumber();
        starts.remember(number, trigger, 0);
        ElectionOutcome o = new ElectionOutcome(
                number, members.self(), settings.policy(), List.of(), Map.of(), Map.of(), List.of());
        wire.broadcastResult(o);
        feed.accept(new ResultReceived(members.self(), o));
    }
}
