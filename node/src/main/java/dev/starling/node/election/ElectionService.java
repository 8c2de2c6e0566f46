package dev.starling.node.election;

import dev.starling.node.election.ElectionEvent.MemberLeft;
import dev.starling.node.election.ElectionEvent.Tick;
import dev.starling.node.events.LiveEvents;
import dev.starling.node.metrics.MetricsGossip;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.protocol.v1.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The networked side of the mixer election, and the node's only handle on it: the room, the
 * membership, the timer and the API call in here from their own threads, and everything is
 * moved onto the election's loop ({@link ElectionLoop}) before it touches the pure
 * {@link Election}. Behind this front each concern has its own part, so that none of them needs
 * the others' state: messages in ({@link ElectionInbox}), messages out ({@link ElectionWire}),
 * the probes ({@link ElectionProbes}), the gossiped metrics ({@link MetricsFeed}), when to open an
 * election ({@link LeaderDuties}), the election's actions ({@link ActionRunner}), adopting results
 * ({@link Adoption}) and the API's view ({@link StatusSnapshot}).
 */
public final class ElectionService implements MembershipListener {

    /**
     * How this node takes part.
     *
     * @param policy scoring policy of elections this node opens as leader (seed or balanced)
     * @param pinnedMixers elect this many mixers whenever the room allows (--mixers), or empty
     * @param settle how long the room must keep its membership before a pinned election opens, so a
     *     room that is still forming is elected once rather than once per joiner
     */
    public record Settings(
            String policy, OptionalInt pinnedMixers, Duration settle, ElectionConfig election, TriggerConfig triggers) {
        public Settings {
            Objects.requireNonNull(policy);
            Objects.requireNonNull(pinnedMixers);
            Objects.requireNonNull(settle);
            Objects.requireNonNull(election);
            Objects.requireNonNull(triggers);
        }
    }

    /** Sets a member's role as the room shows it (Membership.applyRole in the node). */
    public interface RoleBook {
        void assign(String peer, String role);
    }

    /** Answer to an operator request. */
    public record RequestAnswer(boolean accepted, String leader, int mixers) {}

    private final Clock clock;
    private final ElectionLoop loop;
    private final RoomMembers members;
    private final MetricsFeed metrics;
    private final Adoption adoption;
    private final LeaderDuties leader;
    private final ActionRunner actions;
    private final ElectionInbox inbox;
    private final StatusSnapshot status;

    /**
     * @param mediaProbe the data-channel probe, or null when the node has no media
     */
    public ElectionService(
            String selfId,
            Settings settings,
            ElectionTransport transport,
            RoleBook roles,
            LiveEvents events,
            Supplier<Map<String, MetricsGossip.Received>> metrics,
            Function<String, CompletableFuture<Double>> mediaProbe,
            Clock clock,
            Executor loop) {
        Objects.requireNonNull(selfId);
        this.clock = clock;
        this.loop = new ElectionLoop(loop);
        this.members = new RoomMembers(selfId, clock.instant());
        this.metrics = new MetricsFeed(metrics);
        Election election = new Election(selfId, settings.election(), clock);
        ElectionStarts starts = new ElectionStarts(clock, members);
        PhaseTimes times = new PhaseTimes();
        ElectionWire wire = new ElectionWire(selfId, transport);
        ElectionProbes probes =
                new ElectionProbes(selfId, wire, mediaProbe, settings.election().probeTimeout(), clock, this.loop);
        this.adoption = new Adoption(selfId, roles, events, election, starts, times, members, clock);
        // The leader and the inbox feed events back through the runner, which in turn restarts via the leader.
        Consumer<ElectionEvent> feed = this::handle;
        this.leader = new LeaderDuties(settings, election, members, starts, adoption, this.metrics, wire, clock, feed);
        this.actions = new ActionRunner(election, times, wire, probes, adoption, leader, clock);
        this.inbox = new ElectionInbox(election, members, starts, adoption, leader, probes, wire, feed);
        this.status = new StatusSnapshot(settings, election, members, this.metrics, adoption, leader);
    }

    // ---- inputs (any thread) ----

    /** A room message of one of the five election kinds. */
    public void onEnvelope(Envelope envelope) {
        loop.execute(() -> inbox.receive(envelope));
    }

    @Override
    public void membershipChanged(
            MembershipView newView,
            List<Member> joined,
            List<Departure> departed,
            boolean leaderChanged,
            boolean merged) {
        loop.execute(() -> viewChanged(newView, departed, merged));
    }

    /** Periodic wake-up: new metrics, timeouts, and on the leader the triggers. */
    public void tick() {
        loop.execute(this::onTick);
    }

    /** {@code POST /api/election}: only the leader accepts; 0 returns the room to mesh. */
    public CompletableFuture<RequestAnswer> requestMixers(int mixers) {
        return loop.supply(() -> leader.request(mixers));
    }

    /** Called on the election's thread with every result this node adopts (media routing follows it). */
    public void onAdopted(Consumer<ElectionOutcome> listener) {
        adoption.addListener(listener);
    }

    public CompletableFuture<ElectionStatus> status() {
        return loop.supply(status::take);
    }

    public List<ElectionRecord> history() {
        return adoption.history();
    }

    // ---- on the loop ----

    private void viewChanged(MembershipView newView, List<Departure> departed, boolean merged) {
        boolean tookOver = members.update(newView, clock.instant());
        leader.viewChanged(tookOver, merged);
        metrics.retain(members.ids());
        for (Departure d : departed) {
            handle(new MemberLeft(d.member().id()));
        }
        leader.reopenForJoiners();
    }

    private void onTick() {
        metrics.newReports().forEach(this::handle);
        handle(new Tick());
        if (members.isLeader()) {
            leader.duties();
        }
    }

    private void handle(ElectionEvent event) {
        actions.handle(event);
    }
}
