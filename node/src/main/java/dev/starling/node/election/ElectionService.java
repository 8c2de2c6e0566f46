package dev.starling.node.election;

import com.google.protobuf.ByteString;
import dev.starling.node.election.ElectionAction.AdoptResult;
import dev.starling.node.election.ElectionAction.BroadcastPoints;
import dev.starling.node.election.ElectionAction.BroadcastStart;
import dev.starling.node.election.ElectionAction.ExcludePeer;
import dev.starling.node.election.ElectionAction.LeaderLost;
import dev.starling.node.election.ElectionAction.PublishResult;
import dev.starling.node.election.ElectionAction.ResultMissing;
import dev.starling.node.election.ElectionAction.SendProbe;
import dev.starling.node.election.ElectionAction.SendProbeResponse;
import dev.starling.node.election.ElectionEvent.Begin;
import dev.starling.node.election.ElectionEvent.MemberLeft;
import dev.starling.node.election.ElectionEvent.ProbeReceived;
import dev.starling.node.election.ElectionEvent.ProbeResponseReceived;
import dev.starling.node.election.ElectionEvent.ResultReceived;
import dev.starling.node.election.ElectionEvent.Tick;
import dev.starling.node.events.LiveEvents;
import dev.starling.node.metrics.MetricsGossip;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.protocol.v1.ElectionProbe;
import dev.starling.protocol.v1.ElectionProbeResponse;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.MetricsReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networked side of the mixer election: feeds the pure {@link Election} from the room, the
 * gossiped metrics, membership changes and a periodic tick, and carries out its actions.
 *
 * <p>Threading: everything that touches the election runs on {@code loop}, one task at a time,
 * because the election is not thread-safe. The room, the membership and the API only enqueue.
 *
 * <p>Probes: with media, the 2 MiB probe runs over the WebRTC data channel ({@code mediaProbe});
 * the prober then sends a zero-length {@code ElectionProbe} so that the peer answers with its
 * encode time. Without media (or when the data-channel probe fails) the 2 MiB go over the room's
 * unicast in four chunks (the room refuses frames above 1 MiB); the peer answers once the seed's
 * 2 MiB are in, and the prober times them until the answer. Either way the prober's own
 * measurement is the speed it scores (see {@link ProbeTracker}).
 *
 * <p>Leadership: only the room leader (the first member of the view) opens elections, and a start
 * from anyone else is dropped. If the leader disappears mid-election, the election reports it and
 * the new leader opens a new one with a higher number.
 */
public final class ElectionService implements MembershipListener {
    private static final Logger log = LoggerFactory.getLogger(ElectionService.class);

    /** The seed's probe size. */
    public static final int PROBE_BYTES = 2 * 1024 * 1024;
    /** The room refuses frames above 1 MiB; four chunks keep each well below that. */
    static final int PROBE_CHUNK_BYTES = 512 * 1024;
    /**
     * A probe result this young is reused instead of probing again. Long enough to span the
     * elections of a room that is still forming (one per join), short against a session.
     */
    static final Duration PROBE_REUSE = Duration.ofSeconds(30);
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
    private static final int HISTORY = 50;
    private static final int METRICS_WINDOW = 5;

    /**
     * How this node takes part.
     *
     * @param policy scoring policy of elections this node opens as leader (seed or balanced)
     * @param pinnedMixers elect this many mixers whenever the room allows (--mixers), or empty
     * @param settle how long the room must keep its membership before a pinned election opens, so a
     *     room that is still forming is elected once rather than once per joiner
     */
    public record Settings(String policy, OptionalInt pinnedMixers, Duration settle, ElectionConfig election,
                           TriggerConfig triggers) {
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

    private final String self;
    private final Settings settings;
    private final ElectionTransport transport;
    private final RoleBook roles;
    private final LiveEvents events;
    private final Supplier<Map<String, MetricsGossip.Received>> metrics;
    private final Function<String, CompletableFuture<Double>> mediaProbe;
    private final Clock clock;
    private final Executor loop;
    private final Election election;
    private final ElectionTriggers triggers;
    private final MetricsWindow window = new MetricsWindow(METRICS_WINDOW);
    private final ProbeTracker probes = new ProbeTracker();
    private final ProbeReceipts receipts = new ProbeReceipts();
    private final ElectionHistory history = new ElectionHistory(HISTORY);
    private final ByteString probeChunk;

    // Loop-confined state.
    private MembershipView view;
    private Instant viewSince;
    private OptionalInt pinned;
    private boolean operatorPending;
    /** Why the leader must re-elect under a fresh number (a merge, a takeover, a stale number), or null. */
    private String renumber;
    private ElectionOutcome adopted;
    private final Map<Long, Opened> opened = new TreeMap<>();

    /** What this node knows about an election from its start. */
    private record Opened(String trigger, int mixers, Instant at, Set<String> members) {}

    private final List<java.util.function.Consumer<ElectionOutcome>> adoptionListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private Instant metricsReadyAt;
    private Instant probesDoneAt;
    private long probesDoneNumber;
    private long metricsReadyNumber;

    /**
     * @param mediaProbe the data-channel probe, or null when the node has no media
     */
    public ElectionService(String selfId, Settings settings, ElectionTransport transport, RoleBook roles,
                           LiveEvents events, Supplier<Map<String, MetricsGossip.Received>> metrics,
                           Function<String, CompletableFuture<Double>> mediaProbe, Clock clock, Executor loop) {
        this.self = Objects.requireNonNull(selfId);
        this.settings = settings;
        this.transport = transport;
        this.roles = roles;
        this.events = events;
        this.metrics = metrics;
        this.mediaProbe = mediaProbe;
        this.clock = clock;
        this.loop = loop;
        this.election = new Election(selfId, settings.election(), clock);
        this.triggers = new ElectionTriggers(settings.triggers());
        this.pinned = settings.pinnedMixers();
        this.viewSince = clock.instant();
        // Random bytes, so that no layer can compress the probe into a meaningless measurement.
        byte[] chunk = new byte[PROBE_CHUNK_BYTES];
        new Random(selfId.hashCode()).nextBytes(chunk);
        this.probeChunk = ByteString.copyFrom(chunk);
    }

    // ---- inputs (any thread) ----

    /** A room message of one of the five election kinds. */
    public void onEnvelope(Envelope envelope) {
        loop.execute(() -> guarded(() -> receive(envelope)));
    }

    @Override
    public void membershipChanged(MembershipView newView, List<Member> joined, List<Departure> departed,
                                  boolean leaderChanged, boolean merged) {
        loop.execute(() -> guarded(() -> viewChanged(newView, departed, merged)));
    }

    /** Periodic wake-up: new metrics, timeouts, and on the leader the triggers. */
    public void tick() {
        loop.execute(() -> guarded(this::onTick));
    }

    /** {@code POST /api/election}: only the leader accepts; 0 returns the room to mesh. */
    public CompletableFuture<RequestAnswer> requestMixers(int mixers) {
        return CompletableFuture.supplyAsync(() -> {
            if (view == null || !view.isLeader()) {
                return new RequestAnswer(false, view == null ? "" : view.leaderId(), mixers);
            }
            pinned = mixers == 0 ? OptionalInt.empty() : OptionalInt.of(mixers);
            if (mixers == 0) {
                backToMesh("operator");
            } else {
                operatorPending = true;
                guarded(this::leaderDuties);
            }
            return new RequestAnswer(true, self, mixers);
        }, loop);
    }

    /** Called on the election's thread with every result this node adopts (media routing follows it). */
    public void onAdopted(java.util.function.Consumer<ElectionOutcome> listener) {
        adoptionListeners.add(listener);
    }

    public CompletableFuture<ElectionStatus> status() {
        return CompletableFuture.supplyAsync(this::snapshot, loop);
    }

    public List<ElectionRecord> history() {
        return history.all();
    }

    // ---- loop ----

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // One failed send must not stop the loop; the election's timeouts cover the lost message.
            log.warn("election task failed: {}", e.toString());
        }
    }

    private void receive(Envelope e) {
        String from = e.getSender();
        switch (e.getBodyCase()) {
            case ELECTION_START -> {
                if (view == null || !from.equals(view.leaderId())) {
                    log.info("ignored election start {} from {}: not the room leader", e.getElectionStart().getNumber(), from);
                    return;
                }
                var m = e.getElectionStart();
                if (adopted != null && m.getNumber() <= adopted.number() && !from.equals(adopted.leader())) {
                    // The room leader numbers below what we adopted from another leader (we were in
                    // another partition). Election would ignore it as stale; tell the leader instead.
                    log.info("election start {} from {} is behind our election {}; telling it", m.getNumber(), from,
                            adopted.number());
                    transport.sendTo(from, Envelope.newBuilder().setElectionResult(ElectionMessages.toProto(adopted)));
                    return;
                }
                // Same number from a lower leader id wins in Election, so its trigger is the one to keep.
                boolean supersedes = m.getNumber() > election.number() || (m.getNumber() == election.number()
                        && election.leader().map(l -> from.compareTo(l) < 0).orElse(true));
                if (supersedes) {
                    remember(m.getNumber(), m.getTrigger(), Math.max(1, m.getMixers()));
                }
                handle(ElectionMessages.fromProto(from, m, memberIds()));
            }
            case ELECTION_PROBE -> probeChunkReceived(e);
            case ELECTION_PROBE_RESPONSE -> {
                ElectionProbeResponse m = e.getElectionProbeResponse();
                OptionalDouble speed = probes.answered(from, m.getNumber(), clock.instant());
                if (speed.isPresent()) {
                    handle(new ProbeResponseReceived(from, m.getNumber(), speed.getAsDouble(), m.getAvgEncodeMsPerFrame()));
                }
            }
            case ELECTION_POINTS -> handle(ElectionMessages.fromProto(from, e.getElectionPoints()));
            case ELECTION_RESULT -> {
                if (view != null && view.isLeader() && !from.equals(self)) {
                    // Only a member still holding another leader's election sends us a result.
                    election.observeNumber(e.getElectionResult().getNumber());
                    renumber = "renumber";
                    return;
                }
                if (view == null || !from.equals(view.leaderId())) {
                    log.info("ignored election result {} from {}: not the room leader", e.getElectionResult().getNumber(), from);
                    return;
                }
                handle(ElectionMessages.fromProto(from, e.getElectionResult()));
            }
            default -> log.debug("not an election message: {}", e.getBodyCase());
        }
    }

    private void probeChunkReceived(Envelope e) {
        ElectionProbe m = e.getElectionProbe();
        // The probe size is the seed's constant; an empty payload asks for an answer at once.
        long expected = m.getPayload().isEmpty() ? 0 : PROBE_BYTES;
        OptionalLong complete = receipts.chunk(e.getSender(), m.getNumber(), m.getPayload().size(), expected);
        if (complete.isEmpty()) {
            return;
        }
        // Across two clocks this is only an estimate; the prober scores its own measurement.
        double mbps = 0;
        long sentMicros = e.getSentAtMicros();
        long nowMicros = clock.millis() * 1_000;
        if (complete.getAsLong() > 0 && sentMicros > 0 && nowMicros > sentMicros) {
            mbps = complete.getAsLong() * 8.0 / (nowMicros - sentMicros);
        }
        handle(new ProbeReceived(e.getSender(), m.getNumber(), mbps));
    }

    private void viewChanged(MembershipView newView, List<Departure> departed, boolean merged) {
        boolean tookOver = newView.isLeader() && (view == null || !view.isLeader());
        view = newView;
        if (newView.isLeader() && adopted != null && (merged || (tookOver && !adopted.leader().equals(self)))) {
            // Members may hold results of different leaders; one fresh election reunites them.
            renumber = merged ? "merge" : "leader-changed";
        }
        viewSince = clock.instant();
        window.retain(memberIds());
        for (Departure d : departed) {
            handle(new MemberLeft(d.member().id()));
        }
        reopenForJoiners();
    }

    /**
     * A member that joins while this leader's election still gathers metrics or probes would be
     * left out of it, and a second election would follow at once, often with other mixers: one
     * switch too many, and a switch thaws links whose receivers then buffer deeply for half a
     * minute (measured; see the README's mixer section). The election is opened again, with a
     * higher number that supersedes it, for everyone.
     */
    private void reopenForJoiners() {
        Election.Phase phase = election.phase();
        if (view == null || !view.isLeader()
                || (phase != Election.Phase.AWAITING_METRICS && phase != Election.Phase.PROBING)) {
            return;
        }
        Opened current = opened.get(election.number());
        if (current != null && !current.members().containsAll(memberIds())) {
            log.info("election {} reopened: members joined while it gathered measurements", election.number());
            begin(current.mixers(), current.trigger());
        }
    }

    private void onTick() {
        for (Map.Entry<String, MetricsGossip.Received> e : metrics.get().entrySet()) {
            MetricsReport r = e.getValue().report();
            window.observe(e.getKey(), e.getValue().receivedAtMillis(), r.getAvgOutboundVideoKbps(),
                    r.getAvgEncodeMsPerFrame()).ifPresent(this::handle);
        }
        handle(new Tick());
        if (view != null && view.isLeader()) {
            leaderDuties();
        }
    }

    private void handle(ElectionEvent event) {
        List<ElectionAction> actions = election.handle(event);
        // A start may pass the metrics wait in the same event, so watch for the first phase beyond it.
        if (election.number() != metricsReadyNumber && election.phase() != Election.Phase.AWAITING_METRICS
                && election.phase() != Election.Phase.IDLE) {
            metricsReadyNumber = election.number();
            metricsReadyAt = clock.instant();
        }
        if (election.number() != probesDoneNumber && election.phase() != Election.Phase.AWAITING_METRICS
                && election.phase() != Election.Phase.PROBING && election.phase() != Election.Phase.IDLE) {
            probesDoneNumber = election.number();
            probesDoneAt = clock.instant();
        }
        for (ElectionAction a : actions) {
            try {
                execute(a);
            } catch (RuntimeException ex) {
                log.warn("election action {} failed: {}", a.getClass().getSimpleName(), ex.toString());
            }
        }
    }

    private void execute(ElectionAction action) {
        if (action instanceof BroadcastStart a) {
            transport.broadcast(Envelope.newBuilder().setElectionStart(ElectionMessages.toProto(a)));
        } else if (action instanceof SendProbe a) {
            probe(a.to(), a.number());
        } else if (action instanceof SendProbeResponse a) {
            transport.sendTo(a.to(), Envelope.newBuilder().setElectionProbeResponse(ElectionMessages.toProto(a, self)));
        } else if (action instanceof BroadcastPoints a) {
            transport.broadcast(Envelope.newBuilder().setElectionPoints(ElectionMessages.toProto(a)));
        } else if (action instanceof PublishResult a) {
            transport.broadcast(Envelope.newBuilder().setElectionResult(ElectionMessages.toProto(a.outcome())));
        } else if (action instanceof AdoptResult a) {
            adopt(a.outcome(), a.agreement().name().toLowerCase(java.util.Locale.ROOT));
        } else if (action instanceof ExcludePeer a) {
            log.info("election {}: {} left out ({})", a.number(), a.peer(), a.reason());
        } else if (action instanceof LeaderLost a) {
            log.info("election {}: leader {} left before the result", a.number(), a.leader());
            restartIfLeader(a.number(), "leader-lost");
        } else if (action instanceof ResultMissing a) {
            log.info("election {}: no result from {} in time", a.number(), a.leader());
            restartIfLeader(a.number(), "result-missing");
        }
    }

    private void restartIfLeader(long number, String trigger) {
        if (view != null && view.isLeader()) {
            Opened o = opened.get(number);
            begin(o == null ? pinned.orElse(settings.triggers().defaultMixers()) : o.mixers(), trigger);
        }
    }

    // ---- probing ----

    private void probe(String peer, long number) {
        OptionalDouble recent = probes.recent(peer, clock.instant(), PROBE_REUSE);
        if (recent.isPresent()) {
            // Measured moments ago: ask only for the peer's encode time.
            probes.measured(peer, number, recent.getAsDouble());
            transport.sendTo(peer, probeEnvelope(number, ByteString.EMPTY));
            return;
        }
        if (mediaProbe == null) {
            roomProbe(peer, number);
            return;
        }
        mediaProbe.apply(peer)
                .orTimeout(settings.election().probeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((mbps, error) -> loop.execute(() -> guarded(() -> {
                    if (error == null && mbps != null && mbps > 0 && Double.isFinite(mbps)) {
                        probes.measured(peer, number, mbps);
                        transport.sendTo(peer, probeEnvelope(number, ByteString.EMPTY));
                    } else {
                        log.info("data-channel probe to {} failed ({}); probing over the room", peer,
                                error == null ? "no figure" : error.toString());
                        roomProbe(peer, number);
                    }
                })));
    }

    private void roomProbe(String peer, long number) {
        probes.timed(peer, number, clock.instant(), PROBE_BYTES);
        for (int sent = 0; sent < PROBE_BYTES; sent += PROBE_CHUNK_BYTES) {
            if (!transport.sendTo(peer, probeEnvelope(number, probeChunk))) {
                return;
            }
        }
    }

    private Envelope.Builder probeEnvelope(long number, ByteString payload) {
        return Envelope.newBuilder().setElectionProbe(ElectionProbe.newBuilder()
                .setNumber(number).setOrigin(self).setPayload(payload));
    }

    // ---- leader ----

    private void leaderDuties() {
        if (inProgress()) {
            return;
        }
        Instant now = clock.instant();
        Set<String> members = memberIds();
        List<String> mixers = adopted == null ? List.of() : adopted.mixers();
        if (renumber != null && !now.isBefore(viewSince.plus(settings.settle()))) {
            String trigger = renumber;
            renumber = null;
            if (members.size() < 2) {
                return;
            }
            int count = pinned.orElse(mixers.size());
            if (count == 0) {
                backToMesh(trigger);
            } else {
                begin(Math.max(1, Math.min(count, members.size() - 1)), trigger);
            }
            return;
        }
        if (pinned.isPresent()) {
            int want = Math.min(pinned.getAsInt(), members.size() - 1);
            if (want < 1) {
                return;
            }
            if (operatorPending) {
                operatorPending = false;
                begin(want, "operator");
            } else if (mixers.stream().anyMatch(m -> !members.contains(m))) {
                begin(want, "mixer-left");
            } else if (!placesEveryone(members, want) && !now.isBefore(viewSince.plus(settings.settle()))
                    && !triedRecently(members, now)) {
                begin(want, adopted == null ? "configured" : "membership");
            }
            return;
        }
        Map<String, dev.starling.protocol.v1.MetricsReport> reports = new HashMap<>();
        metrics.get().forEach((peer, received) -> {
            if (members.contains(peer)) {
                reports.put(peer, received.report());
            }
        });
        RoomObservation o = new RoomObservation(now, members, mixers,
                QualityTrouble.troubled(reports, settings.triggers().encodeBudgetMs()), OptionalInt.empty(), freshScores());
        triggers.evaluate(o).ifPresent(d -> {
            log.info("election trigger: {} ({})", d.reason().wireName(), d.detail());
            if (d.backToMesh()) {
                backToMesh(d.reason().wireName());
            } else {
                begin(d.mixers(), d.reason().wireName());
            }
        });
    }

    private boolean placesEveryone(Set<String> members, int want) {
        return adopted != null && adopted.mixers().size() == want
                && members.stream().noneMatch(m -> adopted.roleOf(m).equals("mesh"));
    }

    /** Notes an election's start as this node saw it: why, for how many mixers, when, and for whom. */
    private void remember(long number, String trigger, int mixers) {
        opened.put(number, new Opened(trigger, mixers, clock.instant(), Set.copyOf(memberIds())));
    }

    /**
     * Whether the adopted election, short of the pinned count, was opened for exactly these
     * members too recently to try again: {@link #UNFILLED_RETRY} when every member that stands
     * already mixes, {@link #UNSCORED_RETRY} when a standing candidate went unscored.
     */
    private boolean triedRecently(Set<String> members, Instant now) {
        Opened last = adopted == null ? null : opened.get(adopted.number());
        if (last == null || !last.members().equals(members)) {
            return false;
        }
        Set<String> standing = new TreeSet<>(members);
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
        remember(number, trigger, mixers);
        log.info("opening election {} for {} mixer(s): {}", number, mixers, trigger);
        handle(new Begin(mixers, memberIds(), settings.policy(), trigger, rtt()));
    }

    /** Mesh is not an election: the leader just publishes an empty result under a new number. */
    private void backToMesh(String trigger) {
        long number = election.nextNumber();
        remember(number, trigger, 0);
        ElectionOutcome o = new ElectionOutcome(number, self, settings.policy(), List.of(), Map.of(), Map.of(), List.of());
        transport.broadcast(Envelope.newBuilder().setElectionResult(ElectionMessages.toProto(o)));
        handle(new ResultReceived(self, o));
    }

    /** Capability scores from current metrics and the last measured throughput, for re-evaluation. */
    private Map<String, Double> freshScores() {
        Map<String, PeerCapability> measured = election.measuredCapabilities();
        List<PeerCapability> caps = new ArrayList<>();
        for (String peer : memberIds()) {
            var m = window.current(peer);
            if (m.isEmpty()) {
                continue;
            }
            PeerCapability last = measured.get(peer);
            caps.add(new PeerCapability(peer, m.get().avgBitrateKbps(), m.get().avgEncodeMs(),
                    last == null ? PeerCapability.MISSING : last.throughputMbps(), m.get().reportCount()));
        }
        Map<String, Double> scores = new HashMap<>();
        for (Points p : ScoringPolicy.forName(settings.policy(), settings.election().balancedWeights()).score(caps)) {
            scores.put(p.peerId(), p.total());
        }
        return scores;
    }

    private RttMatrix rtt() {
        RttMatrix.Builder b = RttMatrix.builder();
        metrics.get().forEach((peer, received) -> {
            for (LinkMetrics l : received.report().getLinksList()) {
                if (l.getRttMs() > 0 && Double.isFinite(l.getRttMs()) && !l.getRemotePeer().isEmpty()) {
                    b.put(peer, l.getRemotePeer(), l.getRttMs());
                }
            }
        });
        return b.build();
    }

    // ---- result ----

    private void adopt(ElectionOutcome o, String agreement) {
        ElectionOutcome previous = adopted;
        adopted = o;
        probes.forgetBefore(o.number());
        if (view != null) {
            for (Member m : view.members()) {
                String role = o.roleOf(m.id());
                // The view's member records may predate the previous adoption, so always assign.
                roles.assign(m.id(), role);
                String before = previous == null ? m.role() : previous.roleOf(m.id());
                if (!role.equals(before) || previous == null) {
                    events.publish("RoleChanged", Map.of("peerId", m.id(), "role", role));
                }
            }
        }
        Opened start = opened.get(o.number());
        Instant now = clock.instant();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("number", o.number());
        fields.put("mixers", o.mixers());
        fields.put("assignment", o.assignment());
        fields.put("trigger", start == null ? "" : start.trigger());
        events.publish("ElectionFinished", fields);
        List<RankedPeer> scores = !o.ranking().isEmpty() ? o.ranking()
                : election.number() == o.number() ? election.localRanking().map(Ranking::peers).orElse(List.of()) : List.of();
        Long readyAt = start != null && metricsReadyAt != null && !metricsReadyAt.isBefore(start.at())
                ? metricsReadyAt.toEpochMilli() : null;
        history.add(new ElectionRecord(o.number(), o.leader(), start == null ? "" : start.trigger(), o.policy(),
                o.mixers(), o.assignment(), o.backups(), scores, agreement,
                start == null ? null : start.at().toEpochMilli(), readyAt,
                probesDoneNumber == o.number() && probesDoneAt != null ? probesDoneAt.toEpochMilli() : null,
                now.toEpochMilli(),
                start == null ? null : Duration.between(start.at(), now).toMillis()));
        opened.keySet().removeIf(n -> n < o.number());
        log.info("election {} adopted: mixers {} ({} at this node, {})", o.number(), o.mixers(),
                o.roleOf(self), agreement);
        for (var listener : adoptionListeners) {
            try {
                listener.accept(o);
            } catch (RuntimeException e) {
                log.warn("adoption listener failed: {}", e.toString());
            }
        }
    }

    // ---- status ----

    private ElectionStatus snapshot() {
        Map<String, PeerCapability> measured = election.measuredCapabilities();
        List<Points> mine = election.pointsBySender().getOrDefault(self, List.of());
        Map<String, Double> totals = new HashMap<>();
        election.localRanking().ifPresent(r -> r.peers().forEach(p -> totals.put(p.peerId(), p.total())));
        Map<String, ElectionStatus.PeerInputs> peers = new TreeMap<>();
        for (String peer : memberIds()) {
            PeerCapability c = measured.get(peer);
            var w = window.current(peer);
            Double kbps = c != null ? nullIfNaN(c.avgBitrateKbps()) : w.map(x -> x.avgBitrateKbps()).orElse(null);
            Double enc = c != null ? nullIfNaN(c.avgEncodeMs()) : w.map(x -> x.avgEncodeMs()).orElse(null);
            Points p = mine.stream().filter(x -> x.peerId().equals(peer)).findFirst().orElse(null);
            peers.put(peer, new ElectionStatus.PeerInputs(kbps, enc, c == null ? null : nullIfNaN(c.throughputMbps()),
                    w.map(ElectionEvent.MetricsUpdated::reportCount).orElse(0), p, totals.get(peer)));
        }
        List<RankedPeer> scores = List.of();
        List<ElectionRecord> past = history.all();
        if (adopted != null && !past.isEmpty() && past.get(past.size() - 1).number() == adopted.number()) {
            scores = past.get(past.size() - 1).scores();
        }
        return new ElectionStatus(self, view == null ? self : view.leaderId(), view != null && view.isLeader(),
                adopted == null ? 0 : adopted.number(), election.phase().name().toLowerCase(java.util.Locale.ROOT),
                adopted == null ? settings.policy() : adopted.policy(), settings.policy(),
                pinned.isPresent() ? pinned.getAsInt() : null, settings.election().candidate(),
                List.copyOf(election.declined()), adopted == null ? "mesh" : adopted.roleOf(self),
                adopted == null ? List.of() : adopted.mixers(), adopted == null ? Map.of() : adopted.assignment(),
                adopted == null ? Map.of() : adopted.backups(), scores, peers, past);
    }

    private Set<String> memberIds() {
        Set<String> ids = new TreeSet<>();
        if (view != null) {
            view.members().forEach(m -> ids.add(m.id()));
        }
        ids.add(self);
        return ids;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
