package dev.starling.node.presence;

import dev.starling.node.events.LiveEvents;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.node.storage.JsonLinesLog;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records joins, leaves, crashes, leader changes and merges of every member, persistently.
 *
 * <p>A departure is a "leave" when the member said goodbye first and a "crash" otherwise (killed,
 * hung, or cut off by a partition; the view alone cannot tell those apart).
 */
public final class PresenceLog implements MembershipListener {
    private static final Logger log = LoggerFactory.getLogger(PresenceLog.class);

    private final JsonLinesLog<PresenceEvent> store;
    private final LiveEvents events;
    private final Clock clock;
    private final List<PresenceEvent> recorded = new ArrayList<>();

    public PresenceLog(JsonLinesLog<PresenceEvent> store, LiveEvents events, Clock clock) throws IOException {
        this.store = store;
        this.clock = clock;
        this.events = events;
        recorded.addAll(store.load());
    }

    @Override
    public void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        long now = departed.isEmpty() ? clock.millis() : departed.get(0).atMillis();
        for (Member member : joined) {
            record(new PresenceEvent("join", member.id(), member.name(), member.joinedAtMillis(), 0));
        }
        for (Departure departure : departed) {
            Member member = departure.member();
            long duration = Math.max(0, departure.atMillis() - member.joinedAtMillis());
            record(new PresenceEvent(
                    departure.clean() ? "leave" : "crash", member.id(), member.name(), departure.atMillis(), duration));
        }
        if (merged) {
            record(new PresenceEvent("merge", view.leaderId(), "", now, 0));
        }
        if (leaderChanged) {
            String leader = view.leaderId();
            String name = view.member(leader).map(Member::name).orElse("");
            record(new PresenceEvent("leader", leader, name, now, 0));
        }
    }

    /**
     * The log, with names filled in where an event was recorded before the member's hello arrived
     * (joins usually are): from a later event of the same peer, else from {@code currentName}.
     */
    public synchronized List<PresenceEvent> events(Function<String, String> currentName) {
        Map<String, String> names = new HashMap<>();
        for (PresenceEvent event : recorded) {
            if (!event.name().isEmpty()) {
                names.put(event.peer(), event.name());
            }
        }
        List<PresenceEvent> named = new ArrayList<>(recorded.size());
        for (PresenceEvent event : recorded) {
            String name = event.name();
            if (name.isEmpty()) {
                name = names.getOrDefault(event.peer(), currentName.apply(event.peer()));
            }
            named.add(new PresenceEvent(event.type(), event.peer(), name, event.at(), event.durationMillis()));
        }
        return named;
    }

    private void record(PresenceEvent event) {
        synchronized (this) {
            recorded.add(event);
            try {
                store.append(event);
            } catch (IOException e) {
                log.error("could not persist session event {}: {}", event.type(), e.toString());
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event.type());
        fields.put("peer", event.peer());
        fields.put("name", event.name());
        fields.put("durationMs", event.durationMillis());
        events.publish("session", fields);
    }
}
