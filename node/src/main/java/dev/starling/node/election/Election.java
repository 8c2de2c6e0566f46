package dev.starling.node.election;

import dev.starling.node.election.ElectionAction.AdoptResult;
import dev.starling.node.election.ElectionAction.Agreement;
import dev.starling.node.election.ElectionAction.BroadcastPoints;
import dev.starling.node.election.ElectionAction.BroadcastStart;
import dev.starling.node.election.ElectionAction.ExcludePeer;
import dev.starling.node.election.ElectionAction.ExclusionReason;
import dev.starling.node.election.ElectionAction.LeaderLost;
import dev.starling.node.election.ElectionAction.PublishResult;
import dev.starling.node.election.ElectionAction.ResultMissing;
import dev.starling.node.election.ElectionAction.SendProbe;
import dev.starling.node.election.ElectionAction.SendProbeResponse;
import dev.starling.node.election.ElectionEvent.Begin;
import dev.starling.node.election.ElectionEvent.MemberLeft;
import dev.starling.node.election.ElectionEvent.MetricsUpdated;
import dev.starling.node.election.ElectionEvent.PointsReceived;
import dev.starling.node.election.ElectionEvent.ProbeReceived;
import dev.starling.node.election.ElectionEvent.ProbeResponseReceived;
import dev.starling.node.election.ElectionEvent.ResultReceived;
import dev.starling.node.election.ElectionEvent.StartReceived;
import dev.starling.node.election.ElectionEvent.Tick;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One node's side of the seed's mixer election, as a pure state machine: events in, actions out,
 * time only from the injected clock. Not thread-safe; the networked layer feeds it from one thread.
 *
 * <p>Flow (seed, made bounded): the leader broadcasts a start; every member waits until it holds
 * {@code minReports} metrics reports for every other member (at most {@code metricsWait}), probes
 * every other member, scores those that answered with the selected policy, broadcasts those points
 * and collects everyone's points. A member whose reports are already in is probed at once, while
 * the wait for the others' reports goes on: the 2 MiB probes then overlap the wait instead of
 * following it, and the election ends soon after the last report. The ranking is the sum of all
 * scorers' totals (see {@link Ranking}), so every node holding the same points computes the same
 * ranking. The leader then publishes mixers, assignment and backups; every node adopts the
 * leader's result.
 *
 * <p>Candidacy: a node may decline to stand (for example a phone on battery, or a chaos scenario's
 * clients, whose mixers are fixed). It says so in its own points message, so every node holding
 * the same points leaves it out of the same ranking; it still scores the others.
 *
 * <p>Precedence between elections: a higher number always wins and lower numbers are stale. Two
 * leaders that open the same number (a split view) are ordered by leader id, the lower id winning.
 * Their probes and points carry only the number and measure the same things, so they are pooled;
 * only the winning leader's result is adopted.
 *
 * <p>Why the phases share this file: gathering metrics, probing, collecting points and awaiting the
 * result are not separate steps but conditions on one {@code Round}, re-checked after every event,
 * and one event may carry the round through several of them (a member whose reports are in is
 * probed while the others' are still awaited). Split apart, each phase would change the same round
 * from elsewhere and the transitions could no longer be read in one place. What only consumes the
 * finished inputs has no such ties and lives apart: who sits ({@link MixerSeats}) and who mixes
 * for whom ({@link MixerAssignment}).
 */
public final class Election {

    /** Where this node is in the current election. */
    public enum Phase {
        IDLE,
        AWAITING_METRICS,
        PROBING,
        AWAITING_POINTS,
        AWAITING_RESULT,
        DONE,
        ABANDONED
    }

    /** How many future election numbers may have points buffered before their start arrives. */
    private static final int MAX_EARLY_NUMBERS = 4;

    private final String self;
    private final ElectionConfig config;
    private final InstantSource clock;
    private final Map<String, MetricsUpdated> metrics = new HashMap<>();
    private final TreeMap<Long, Map<String, PointsReceived>> earlyPoints = new TreeMap<>();

    private long highestNumber;
    private Round round;
    private ElectionOutcome lastOutcome;
    /**
     * Who scored the last result this node computed as leader: a later election that hears from
     * fewer of them knows less, and unseats nobody (see {@code MixerSeats}).
     */
    private Set<String> lastScorers = Set.of();

    public Election(String selfId, ElectionConfig config, InstantSource clock) {
        this.self = Objects.requireNonNull(selfId, "selfId");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Feeds one event; returns the actions to carry out, in order. */
    public List<ElectionAction> handle(ElectionEvent event) {
        List<ElectionAction> out = new ArrayList<>();
        if (event instanceof Begin e) {
            begin(e, out);
        } else if (event instanceof StartReceived e) {
            start(e, RttMatrix.empty());
        } else if (event instanceof MetricsUpdated e) {
            metrics.put(e.peer(), e);
        } else if (event instanceof ProbeReceived e) {
            probeReceived(e, out);
        } else if (event instanceof ProbeResponseReceived e) {
            probeResponse(e);
        } else if (event instanceof PointsReceived e) {
            points(e);
        } else if (event instanceof ResultReceived e) {
            result(e, out);
        } else if (event instanceof MemberLeft e) {
            memberLeft(e, out);
        } else if (event instanceof Tick) {
            // Only advance() below: timeouts are checked on every event.
        }
        advance(out);
        return out;
    }

    /** The number a new leader must use so that its election supersedes every one seen so far. */
    public long nextNumber() {
        return highestNumber + 1;
    }

    /**
     * Notes an election number seen elsewhere (another partition's result, after a merge) so that
     * the next {@link ElectionEvent.Begin} supersedes it. Changes nothing else.
     */
    public void observeNumber(long number) {
        highestNumber = Math.max(highestNumber, number);
    }

    public long number() {
        return round == null ? 0 : round.number;
    }

    public Phase phase() {
        return round == null ? Phase.IDLE : round.phase;
    }

    public Optional<String> leader() {
        return round == null ? Optional.empty() : Optional.of(round.leader);
    }

    /** This node's own ranking of the current election, once all points are in. */
    public Optional<Ranking> localRanking() {
        return round == null ? Optional.empty() : Optional.ofNullable(round.ranking);
    }

    /** The last adopted result, for failover (backups) and {@code GET /api/election}. */
    public Optional<ElectionOutcome> lastOutcome() {
        return Optional.ofNullable(lastOutcome);
    }

    /** The inputs this node measured in the current election, by peer. */
    public Map<String, PeerCapability> measuredCapabilities() {
        return round == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(round.measured));
    }

    /** Peers that declined to stand as mixers in the current election, as their points said. */
    public Set<String> declined() {
        return round == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(round.declined));
    }

    /** Every points message of the current election, by sender (this node's own included). */
    public Map<String, List<Points>> pointsBySender() {
        return round == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(round.points));
    }

    private void begin(Begin e, List<ElectionAction> out) {
        long number = nextNumber();
        Set<String> members = new TreeSet<>(e.members());
        members.add(self);
        out.add(new BroadcastStart(number, e.mixers(), e.policy(), e.trigger()));
        start(new StartReceived(self, number, e.mixers(), e.policy(), members), e.rtt());
    }

    private void start(StartReceived s, RttMatrix rtt) {
        if (round != null && s.number() < round.number) {
            return;
        }
        if (round != null && s.number() == round.number) {
            if (s.leader().compareTo(round.leader) < 0) {
                // Same number from a lower leader id: it wins, keep pooled measurements.
                round.leader = s.leader();
                round.mixers = s.mixers();
                round.policy = ScoringPolicy.forName(s.policy(), config.balancedWeights());
                if (round.phase == Phase.DONE) {
                    round.phase = Phase.AWAITING_RESULT;
                    round.deadline = clock.instant().plus(config.resultTimeout());
                }
            }
            return;
        }
        highestNumber = Math.max(highestNumber, s.number());
        Set<String> members = new TreeSet<>(s.members());
        members.add(self);
        round = new Round(
                s.number(),
                s.leader(),
                s.mixers(),
                ScoringPolicy.forName(s.policy(), config.balancedWeights()),
                members,
                rtt);
        round.phase = Phase.AWAITING_METRICS;
        round.deadline = clock.instant().plus(config.metricsWait());
        Map<String, PointsReceived> early = earlyPoints.remove(s.number());
        if (early != null) {
            early.values().forEach(this::acceptPoints);
        }
        earlyPoints.headMap(s.number(), true).clear();
    }

    private void probeReceived(ProbeReceived e, List<ElectionAction> out) {
        if (round != null && e.number() < round.number) {
            return;
        }
        // Answered even before our own start arrives: the prober needs it to score us.
        MetricsUpdated own = metrics.get(self);
        double encode = own == null || !Double.isFinite(own.avgEncodeMs()) ? 0 : own.avgEncodeMs();
        out.add(new SendProbeResponse(e.from(), e.number(), e.measuredMbps(), encode));
    }

    private void probeResponse(ProbeResponseReceived e) {
        boolean probing = round != null && (round.phase == Phase.PROBING || round.phase == Phase.AWAITING_METRICS);
        if (probing && e.number() == round.number && round.probed.contains(e.from())) {
            round.responses.putIfAbsent(e.from(), e);
        }
    }

    private void points(PointsReceived e) {
        if (round == null || e.number() > round.number) {
            earlyPoints.computeIfAbsent(e.number(), n -> new HashMap<>()).putIfAbsent(e.from(), e);
            while (earlyPoints.size() > MAX_EARLY_NUMBERS) {
                earlyPoints.pollFirstEntry();
            }
            return;
        }
        if (e.number() == round.number && round.collectingPoints()) {
            acceptPoints(e);
        }
    }

    private void acceptPoints(PointsReceived e) {
        if (round.members.contains(e.from())
                && round.points.putIfAbsent(e.from(), e.points()) == null
                && !e.candidate()) {
            round.declined.add(e.from());
        }
    }

    private void result(ResultReceived e, List<ElectionAction> out) {
        ElectionOutcome o = e.outcome();
        if (!e.from().equals(o.leader())) {
            return;
        }
        if (round == null || o.number() > round.number) {
            // We missed this election's start (joined late, or lost messages): the leader's word stands.
            highestNumber = Math.max(highestNumber, o.number());
            round = new Round(
                    o.number(),
                    o.leader(),
                    o.mixers().size(),
                    ScoringPolicy.forName(o.policy(), config.balancedWeights()),
                    new TreeSet<>(),
                    RttMatrix.empty());
            adopt(o, Agreement.NOT_COMPUTED, out);
            return;
        }
        if (o.number() < round.number) {
            return;
        }
        boolean duplicate = lastOutcome != null
                && lastOutcome.number() == o.number()
                && lastOutcome.leader().compareTo(o.leader()) <= 0;
        if (duplicate || o.leader().compareTo(round.leader) > 0) {
            return;
        }
        round.leader = o.leader();
        Agreement agreement = round.ranking == null
                ? Agreement.NOT_COMPUTED
                : round.ranking.top(o.mixers().size()).equals(o.mixers()) ? Agreement.AGREES : Agreement.DIFFERS;
        adopt(o, agreement, out);
    }

    private void adopt(ElectionOutcome o, Agreement agreement, List<ElectionAction> out) {
        round.phase = Phase.DONE;
        lastOutcome = o;
        out.add(new AdoptResult(o, agreement));
    }

    private void memberLeft(MemberLeft e, List<ElectionAction> out) {
        metrics.remove(e.peer());
        if (round == null || !round.inProgress() || !round.members.remove(e.peer())) {
            return;
        }
        round.points.remove(e.peer());
        round.declined.remove(e.peer());
        round.responses.remove(e.peer());
        round.probed.remove(e.peer());
        out.add(new ExcludePeer(round.number, e.peer(), ExclusionReason.LEFT));
        if (e.peer().equals(round.leader)) {
            round.phase = Phase.ABANDONED;
            out.add(new LeaderLost(round.number, e.peer()));
        }
    }

    /** Moves through phases while their conditions hold; a single event may complete several. */
    private void advance(List<ElectionAction> out) {
        if (round == null) {
            return;
        }
        Instant now = clock.instant();
        boolean moved = true;
        while (moved) {
            boolean expired = !now.isBefore(round.deadline);
            moved = switch (round.phase) {
                case AWAITING_METRICS -> metricsReady(expired, now, out);
                case PROBING -> probesDone(expired, now, out);
                case AWAITING_POINTS -> pointsDone(expired, now, out);
                case AWAITING_RESULT -> resultOverdue(expired, out);
                default -> false;
            };
            // A phase change sets a fresh deadline, so re-read expiry on the next pass.
        }
    }

    private boolean metricsReady(boolean expired, Instant now, List<ElectionAction> out) {
        List<String> lacking = new ArrayList<>();
        for (String peer : round.others()) {
            MetricsUpdated m = metrics.get(peer);
            // minReports 0 means the room has no metrics to wait for (no media): probe alone.
            if (config.minReports() > 0 && (m == null || m.reportCount() < config.minReports())) {
                lacking.add(peer);
            } else if (round.probed.add(peer)) {
                out.add(new SendProbe(peer, round.number));
            }
        }
        if (!lacking.isEmpty() && !expired) {
            return false;
        }
        // A peer we cannot score anyway is not sent 2 MiB for nothing.
        for (String peer : lacking) {
            round.unscorable.add(peer);
            out.add(new ExcludePeer(round.number, peer, ExclusionReason.NOT_ENOUGH_REPORTS));
        }
        round.phase = Phase.PROBING;
        round.probingSince = now;
        round.deadline = now.plus(config.probeTimeout());
        return true;
    }

    private boolean probesDone(boolean expired, Instant now, List<ElectionAction> out) {
        List<String> pending = new ArrayList<>();
        for (String peer : round.probed) {
            if (!round.responses.containsKey(peer)) {
                pending.add(peer);
            }
        }
        if (!pending.isEmpty() && !expired) {
            return false;
        }
        for (String peer : pending) {
            out.add(new ExcludePeer(round.number, peer, ExclusionReason.NO_PROBE_RESPONSE));
        }
        List<PeerCapability> scored = new ArrayList<>();
        for (ProbeResponseReceived r : round.responses.values()) {
            if (round.unscorable.contains(r.from())) {
                continue;
            }
            MetricsUpdated m = metrics.get(r.from());
            double bitrate = m == null || !Double.isFinite(m.avgBitrateKbps()) || m.avgBitrateKbps() < 0
                    ? PeerCapability.MISSING
                    : m.avgBitrateKbps();
            PeerCapability c = new PeerCapability(
                    r.from(),
                    bitrate,
                    sanitize(r.avgEncodeMs()),
                    sanitize(r.speedMbps()),
                    m == null ? PeerCapability.MISSING : m.cpuCores(),
                    m == null ? 0 : m.reportCount());
            round.measured.put(r.from(), c);
            scored.add(c);
        }
        List<Points> mine = round.policy.score(scored);
        round.points.put(self, mine);
        if (!config.candidate()) {
            round.declined.add(self);
        }
        out.add(new BroadcastPoints(round.number, mine, config.candidate()));
        round.phase = Phase.AWAITING_POINTS;
        // The others probe for as long as we may have (a slow link takes seconds per probe, where
        // ours may be reused results): their points are waited for until that budget ran out too.
        Instant othersProbed = round.probingSince.plus(config.probeTimeout()).plus(config.pointsTimeout());
        Instant ownDeadline = now.plus(config.pointsTimeout());
        round.deadline = othersProbed.isAfter(ownDeadline) ? othersProbed : ownDeadline;
        return true;
    }

    private boolean pointsDone(boolean expired, Instant now, List<ElectionAction> out) {
        List<String> pending = new ArrayList<>();
        for (String peer : round.members) {
            if (!round.points.containsKey(peer)) {
                pending.add(peer);
            }
        }
        if (!pending.isEmpty() && !expired) {
            return false;
        }
        for (String peer : pending) {
            out.add(new ExcludePeer(round.number, peer, ExclusionReason.NO_POINTS));
        }
        Set<String> standing = new TreeSet<>(round.points.keySet());
        standing.removeAll(round.declined);
        for (String peer : round.declined) {
            out.add(new ExcludePeer(round.number, peer, ExclusionReason.DECLINED));
        }
        round.ranking = Ranking.of(round.points, standing);
        if (round.leader.equals(self)) {
            ElectionOutcome o = outcome();
            out.add(new PublishResult(o));
            adopt(o, Agreement.AGREES, out);
            return false;
        }
        round.phase = Phase.AWAITING_RESULT;
        round.deadline = now.plus(config.resultTimeout());
        return true;
    }

    private boolean resultOverdue(boolean expired, List<ElectionAction> out) {
        if (!expired) {
            return false;
        }
        round.phase = Phase.ABANDONED;
        out.add(new ResultMissing(round.number, round.leader));
        return false;
    }

    private ElectionOutcome outcome() {
        Set<String> scorersStillHere = new TreeSet<>(lastScorers);
        scorersStillHere.retainAll(round.members);
        boolean knowsLess = lastOutcome != null
                && lastOutcome.leader().equals(self)
                && round.points.size() < scorersStillHere.size();
        List<String> mixers = MixerSeats.choose(round.ranking, round.mixers, round.members, lastOutcome, knowsLess);
        if (!knowsLess) {
            lastScorers = Set.copyOf(round.points.keySet());
        }
        Set<String> clients = new TreeSet<>(round.members);
        clients.removeAll(mixers);
        MixerAssignment a = MixerAssignment.compute(mixers, clients, round.ranking.totals(), round.rtt);
        return new ElectionOutcome(
                round.number,
                round.leader,
                round.policy.name(),
                mixers,
                a.primary(),
                a.backups(),
                round.ranking.peers());
    }

    /** Wire doubles may be NaN, infinite or negative; treat any of those as not measured. */
    private static double sanitize(double v) {
        return Double.isFinite(v) && v >= 0 ? v : PeerCapability.MISSING;
    }

    /** Mutable state of the election this node is currently in. */
    private final class Round {
        final long number;
        final TreeSet<String> members;
        final RttMatrix rtt;
        final Set<String> unscorable = new TreeSet<>();
        final Set<String> probed = new TreeSet<>();
        final Map<String, ProbeResponseReceived> responses = new TreeMap<>();
        final Map<String, PeerCapability> measured = new TreeMap<>();
        final TreeMap<String, List<Points>> points = new TreeMap<>();
        final Set<String> declined = new TreeSet<>();
        String leader;
        int mixers;
        ScoringPolicy policy;
        Phase phase = Phase.IDLE;
        Instant deadline = Instant.MAX;
        /** When this node began probing: the others began about then, with the same budget. */
        Instant probingSince = Instant.MIN;

        Ranking ranking;

        Round(long number, String leader, int mixers, ScoringPolicy policy, Set<String> members, RttMatrix rtt) {
            this.number = number;
            this.leader = leader;
            this.mixers = mixers;
            this.policy = policy;
            this.members = new TreeSet<>(members);
            this.rtt = rtt;
        }

        List<String> others() {
            List<String> o = new ArrayList<>(members);
            o.remove(self);
            return o;
        }

        boolean inProgress() {
            return phase != Phase.DONE && phase != Phase.ABANDONED && phase != Phase.IDLE;
        }

        boolean collectingPoints() {
            return phase == Phase.AWAITING_METRICS || phase == Phase.PROBING || phase == Phase.AWAITING_POINTS;
        }
    }
}
