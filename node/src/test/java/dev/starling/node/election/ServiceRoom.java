package dev.starling.node.election;

import dev.starling.node.events.LiveEvent;
import dev.starling.node.events.LiveEvents;
import dev.starling.node.metrics.MetricsGossip;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.protocol.v1.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Test harness: several {@link ElectionService}s joined by an in-memory room. Messages queue until
 * {@link #pump} delivers them, so no service is re-entered while it handles an event; every
 * delivery moves the shared clock by one millisecond, which gives the room probes a finite speed.
 */
final class ServiceRoom {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Map<String, ElectionService> nodes = new TreeMap<>();
    final Map<String, Map<String, String>> roles = new HashMap<>();
    final Map<String, List<LiveEvent>> events = new HashMap<>();
    final Map<String, MetricsGossip.Received> metrics = new ConcurrentHashMap<>();
    private final Deque<Delivery> wire = new ArrayDeque<>();
    private List<String> order = new ArrayList<>();
    /** Who each node's messages reach: its partition. */
    private final Map<String, List<String>> reach = new HashMap<>();

    private long viewId;

    private record Delivery(String to, Envelope envelope) {}

    ServiceRoom(
            ElectionService.Settings settings,
            Function<String, Function<String, CompletableFuture<Double>>> media,
            String... ids) {
        this(id -> settings, media, ids);
    }

    /** @param settingsOf each node's own settings, by id */
    ServiceRoom(
            Function<String, ElectionService.Settings> settingsOf,
            Function<String, Function<String, CompletableFuture<Double>>> media,
            String... ids) {
        for (String id : ids) {
            add(id, settingsOf.apply(id), media);
        }
        view(List.of(ids), List.of());
    }

    private void add(
            String id,
            ElectionService.Settings settings,
            Function<String, Function<String, CompletableFuture<Double>>> media) {
        roles.put(id, new TreeMap<>());
        events.put(id, new ArrayList<>());
        LiveEvents live = new LiveEvents(clock, 64);
        live.subscribe(events.get(id)::add);
        nodes.put(
                id,
                new ElectionService(
                        id,
                        settings,
                        transport(id),
                        (peer, role) -> roles.get(id).put(peer, role),
                        live,
                        () -> Map.copyOf(metrics),
                        media == null ? null : media.apply(id),
                        clock,
                        Runnable::run));
    }

    /** A new node joins: everyone, the newcomer included, gets the grown view. */
    void join(String id, ElectionService.Settings settings) {
        add(id, settings, null);
        List<String> grown = new ArrayList<>(order);
        grown.add(id);
        view(grown, List.of());
    }

    static ElectionService.Settings settings(OptionalInt mixers) {
        return settings(mixers, true);
    }

    /** @param candidate whether the node stands as a mixer */
    static ElectionService.Settings settings(OptionalInt mixers, boolean candidate) {
        return settings(mixers, candidate, 0, Duration.ofSeconds(2));
    }

    /**
     * @param minReports metrics reports a peer needs before it is scored; with one, an election
     *                   waits (up to {@code metricsWait}) until {@link #report} was called for everyone
     */
    static ElectionService.Settings settings(
            OptionalInt mixers, boolean candidate, int minReports, Duration metricsWait) {
        ElectionConfig config = new ElectionConfig(
                minReports,
                metricsWait,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                ScoringWeights.EQUAL,
                candidate);
        return new ElectionService.Settings(
                "balanced", mixers, Duration.ofSeconds(3), config, TriggerConfig.defaults());
    }

    /** One metrics report of {@code id}, as gossip would deliver it to every node now. */
    void report(String id) {
        report(id, 300, 2, 0);
    }

    /** One metrics report of {@code id} with these figures ({@code cpuCores} 0: not reported). */
    void report(String id, double videoKbps, double encodeMs, double cpuCores) {
        metrics.put(
                id,
                new MetricsGossip.Received(
                        dev.starling.protocol.v1.MetricsReport.newBuilder()
                                .setAvgOutboundVideoKbps(videoKbps)
                                .setAvgEncodeMsPerFrame(encodeMs)
                                .setCpuCores(cpuCores)
                                .build(),
                        clock.millis()));
    }

    private ElectionTransport transport(String from) {
        return new ElectionTransport() {
            @Override
            public void broadcast(Envelope.Builder body) {
                for (String to : reach.getOrDefault(from, order)) {
                    if (!to.equals(from)) {
                        wire.add(new Delivery(to, stamp(from, body)));
                    }
                }
            }

            @Override
            public boolean sendTo(String peer, Envelope.Builder body) {
                if (!reach.getOrDefault(from, order).contains(peer)) {
                    return false;
                }
                wire.add(new Delivery(peer, stamp(from, body)));
                return true;
            }
        };
    }

    private Envelope stamp(String from, Envelope.Builder body) {
        return body.clone()
                .setSender(from)
                .setSentAtMicros(clock.millis() * 1_000)
                .build();
    }

    /** Delivers what is queued now (not what those deliveries send); returns how many. */
    int pumpOnce() {
        int n = wire.size();
        for (int i = 0; i < n; i++) {
            deliver(wire.poll());
        }
        return n;
    }

    void pump() {
        while (!wire.isEmpty()) {
            deliver(wire.poll());
        }
    }

    private void deliver(Delivery d) {
        clock.advance(Duration.ofMillis(1));
        ElectionService to = nodes.get(d.to());
        if (to != null) {
            to.onEnvelope(d.envelope());
        }
    }

    /** Ticks every node every 250 ms of fake time, delivering messages in between. */
    void runFor(Duration d) {
        Instant end = clock.instant().plus(d);
        while (clock.instant().isBefore(end)) {
            clock.advance(Duration.ofMillis(250));
            nodes.values().forEach(ElectionService::tick);
            pump();
        }
    }

    /** A process dies: its queued messages are lost and the others get a view without it. */
    /** The node's messages reach nobody (it still receives); {@link #unmute} undoes it. */
    void mute(String id) {
        reach.put(id, List.of(id));
    }

    void unmute(String id) {
        reach.remove(id);
    }

    void kill(String id) {
        nodes.remove(id);
        wire.removeIf(d -> d.to().equals(id) || d.envelope().getSender().equals(id));
        List<String> rest = new ArrayList<>(order);
        rest.remove(id);
        view(rest, List.of(id));
    }

    /** Splits the room: each group gets its own view and hears only itself. */
    void partition(List<String> first, List<String> second) {
        for (List<String> group : List.of(first, second)) {
            List<String> gone = new ArrayList<>(order);
            gone.removeAll(group);
            viewOf(group, gone, false);
        }
        order = new ArrayList<>(order);
    }

    /** Heals a partition with one merged view of {@code ordered}. */
    void merge(List<String> ordered) {
        reach.clear();
        order = List.copyOf(ordered);
        viewId++;
        List<Member> members = ordered.stream().map(ServiceRoom::member).toList();
        for (String id : ordered) {
            nodes.get(id).membershipChanged(new MembershipView(viewId, id, members), List.of(), List.of(), true, true);
        }
    }

    private void viewOf(List<String> group, List<String> departed, boolean merged) {
        viewId++;
        List<Member> members = group.stream().map(ServiceRoom::member).toList();
        List<MembershipListener.Departure> gone = departed.stream()
                .map(id -> new MembershipListener.Departure(member(id), false, clock.millis()))
                .toList();
        for (String id : group) {
            reach.put(id, List.copyOf(group));
            nodes.get(id).membershipChanged(new MembershipView(viewId, id, members), List.of(), gone, true, merged);
        }
    }

    void view(List<String> ordered, List<String> departed) {
        order = List.copyOf(ordered);
        reach.clear();
        viewId++;
        List<Member> members = ordered.stream().map(ServiceRoom::member).toList();
        List<MembershipListener.Departure> gone = departed.stream()
                .map(id -> new MembershipListener.Departure(member(id), false, clock.millis()))
                .toList();
        for (String id : ordered) {
            nodes.get(id)
                    .membershipChanged(
                            new MembershipView(viewId, id, members), List.of(), gone, !departed.isEmpty(), false);
        }
    }

    ElectionStatus status(String id) {
        return nodes.get(id).status().join();
    }

    private static Member member(String id) {
        return new Member(id, id, 0, "mesh", "");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
