package dev.starling.node.election;

import dev.starling.node.events.LiveEvents;
import dev.starling.node.room.Member;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries an adopted result out of the election into the node: the roles the room shows, the live
 * events, the history and the listeners (media routing). Adoption is the one moment all of them
 * change, and they must change together, so one place does it and holds what was adopted.
 */
final class Adoption {
    private static final Logger log = LoggerFactory.getLogger(Adoption.class);

    /** Finished elections the history keeps. */
    static final int HISTORY = 50;

    private final String self;
    private final ElectionService.RoleBook roles;
    private final LiveEvents events;
    private final Election election;
    private final ElectionStarts starts;
    private final PhaseTimes times;
    private final RoomMembers members;
    private final Clock clock;
    private final ElectionHistory history = new ElectionHistory(HISTORY);
    private final List<Consumer<ElectionOutcome>> listeners = new CopyOnWriteArrayList<>();
    private ElectionOutcome adopted;

    Adoption(
            String self,
            ElectionService.RoleBook roles,
            LiveEvents events,
            Election election,
            ElectionStarts starts,
            PhaseTimes times,
            RoomMembers members,
            Clock clock) {
        this.self = self;
        this.roles = roles;
        this.events = events;
        this.election = election;
        this.starts = starts;
        this.times = times;
        this.members = members;
        this.clock = clock;
    }

    /** The last adopted result, or null before the first. */
    ElectionOutcome current() {
        return adopted;
    }

    /** Any thread. */
    void addListener(Consumer<ElectionOutcome> listener) {
        listeners.add(listener);
    }

    /** Any thread. */
    List<ElectionRecord> history() {
        return history.all();
    }

    /** @param agreement how this node's own ranking compares, as the history shows it */
    void adopt(ElectionOutcome o, String agreement) {
        ElectionOutcome previous = adopted;
        adopted = o;
        for (Member m : members.members()) {
            String role = o.roleOf(m.id());
            // The view's member records may predate the previous adoption, so always assign.
            roles.assign(m.id(), role);
            String before = previous == null ? m.role() : previous.roleOf(m.id());
            if (!role.equals(before) || previous == null) {
                events.publish("RoleChanged", Map.of("peerId", m.id(), "role", role));
            }
        }
        ElectionStarts.Start start = starts.get(o.number()).orElse(null);
        String trigger = start == null ? "" : start.trigger();
        Instant now = clock.instant();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("number", o.number());
        fields.put("mixers", o.mixers());
        fields.put("assignment", o.assignment());
        fields.put("trigger", trigger);
        events.publish("ElectionFinished", fields);
        List<RankedPeer> scores = !o.ranking().isEmpty()
                ? o.ranking()
                : election.number() == o.number()
                        ? election.localRanking().map(Ranking::peers).orElse(List.of())
                        : List.of();
        history.add(new ElectionRecord(
                o.number(),
                o.leader(),
                trigger,
                o.policy(),
                o.mixers(),
                o.assignment(),
                o.backups(),
                scores,
                agreement,
                start == null ? null : start.at().toEpochMilli(),
                times.metricsReadyAtMillis(start == null ? null : start.at()),
                times.probesDoneAtMillis(o.number()),
                now.toEpochMilli(),
                start == null ? null : Duration.between(start.at(), now).toMillis()));
        starts.forgetBefore(o.number());
        log.info(
                "election {} adopted: mixers {} ({} at this node, {})",
                o.number(),
                o.mixers(),
                o.roleOf(self),
                agreement);
        for (var listener : listeners) {
            try {
                listener.accept(o);
            } catch (RuntimeException e) {
                log.warn("adoption listener failed: {}", e.toString());
            }
        }
    }

    /** The scores the history holds for the adopted election, or none if it is not recorded there. */
    List<RankedPeer> adoptedScores() {
        List<ElectionRecord> past = history.all();
        if (adopted != null && !past.isEmpty() && past.get(past.size() - 1).number() == adopted.number()) {
            return past.get(past.size() - 1).scores();
        }
        return List.of();
    }
}
