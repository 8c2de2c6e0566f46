package dev.starling.node.routing;

import dev.starling.node.election.ElectionOutcome;
import dev.starling.node.events.LiveEvents;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's media routes in step with the room. Whenever an election result is adopted
 * or the membership changes (a mixer crashing included), it derives the room's {@link RouteTable}
 * and switches this node's sends to it make-before-break: first the union of the old and new
 * paths, then, one overlap later, the new paths alone. When the mixers themselves change, the
 * switch passes through mesh (see {@link RouteTable#needsMeshBridge}), so nobody ever gets their
 * own voice back. A newer change cancels the rest of an older switch.
 *
 * <p>All state lives on one thread (the given scheduler's); inputs may come from any thread.
 */
public final class RouteController implements MembershipListener {
    private static final Logger log = LoggerFactory.getLogger(RouteController.class);
    private static final int SWITCHES_KEPT = 50;

    /** Where this node's sends go: the media engine. */
    public interface Sends {
        void apply(SendPlan plan);
    }

    /** Runs a task after a delay on the controller's thread. */
    public interface Timer {
        void after(Duration delay, Runnable task);

        static Timer on(ScheduledExecutorService thread) {
            return (delay, task) -> thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One route change, for the API. */
    public record Switch(long atMillis, String reason, String from, String to, int steps) {}

    private final String self;
    private final Sends media;
    private final Executor thread;
    private final Timer timer;
    private final Duration overlap;
    private final LiveEvents events;
    private final Clock clock;

    private ElectionOutcome outcome;
    private Set<String> live;
    private RouteTable table;
    private long generation;
    private final Deque<Switch> switches = new ArrayDeque<>();
    private volatile RouteTable published;
    private volatile List<Switch> publishedSwitches = List.of();

    /**
     * @param overlap how long old and new paths run side by side: long enough for the new path's
     *     first packets to clear the receivers' jitter buffers
     */
    public RouteController(
            String self,
            Sends media,
            ScheduledExecutorService thread,
            Duration overlap,
            LiveEvents events,
            Clock clock) {
        this(self, media, thread, Timer.on(thread), overlap, events, clock);
    }

    /** @param thread runs every input in order; {@code timer} must run its tasks on the same thread */
    public RouteController(
            String self, Sends media, Executor thread, Timer timer, Duration overlap, LiveEvents events, Clock clock) {
        this.self = self;
        this.media = media;
        this.thread = thread;
        this.timer = timer;
        this.overlap = overlap;
        this.events = events;
        this.clock = clock;
        this.live = Set.of(self);
        this.published = RouteTable.mesh(live);
    }

    /** An election result this node adopted. */
    public void electionAdopted(ElectionOutcome adopted) {
        thread.execute(() -> {
            outcome = adopted;
            recompute("election " + adopted.number());
        });
    }

    @Override
    public void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        Set<String> members = new TreeSet<>();
        view.members().forEach(m -> members.add(m.id()));
        members.add(self);
        String reason = departed.isEmpty()
                ? "membership"
                : "departed "
                        + departed.stream()
                                .map(d -> d.member().id() + (d.clean() ? "" : " (crashed)"))
                                .toList();
        thread.execute(() -> {
            live = members;
            recompute(reason);
        });
    }

    /** The routes now in force (the target of a switch still overlapping). */
    public RouteTable table() {
        return published;
    }

    public List<Switch> switches() {
        return publishedSwitches;
    }

    private void recompute(String reason) {
        RouteTable next = outcome == null || outcome.mixers().isEmpty()
                ? RouteTable.mesh(live)
                : RouteTable.of(outcome.mixers(), outcome.assignment(), outcome.backups(), live);
        if (next.equals(table)) {
            return;
        }
        RouteTable before = table == null ? RouteTable.mesh(live) : table;
        table = next;
        published = next;
        if (next.equals(before)) {
            return; // the first view of a mesh: links start with our own media anyway
        }
        long switchId = ++generation;
        List<Map<String, Set<String>>> steps = new ArrayList<>();
        if (next.needsMeshBridge(before)) {
            RouteTable mesh = RouteTable.mesh(live);
            steps.add(mesh.makeBeforeBreak(self, before));
            steps.add(next.makeBeforeBreak(self, mesh));
        } else {
            steps.add(next.makeBeforeBreak(self, before));
        }
        steps.add(next.sendsOf(self));
        record(new Switch(clock.millis(), reason, before.toString(), next.toString(), steps.size()));
        log.info("routes: {} -> {} ({}; {} step(s))", before, next, reason, steps.size());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role", next.role(self));
        fields.put("mixers", next.mixers());
        fields.put("mixerOf", next.mixerOf());
        fields.put("reason", reason);
        events.publish("RoutesChanged", fields);
        for (int i = 0; i < steps.size(); i++) {
            SendPlan plan = new SendPlan(self, steps.get(i));
            if (i == 0) {
                media.apply(plan);
            } else {
                timer.after(overlap.multipliedBy(i), () -> {
                    if (generation == switchId) {
                        media.apply(plan);
                    }
                });
            }
        }
    }

    private void record(Switch s) {
        if (switches.size() == SWITCHES_KEPT) {
            switches.removeFirst();
        }
        switches.addLast(s);
        publishedSwitches = List.copyOf(switches);
    }
}
