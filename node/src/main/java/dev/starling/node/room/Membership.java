package dev.starling.node.room;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The member list, kept from JGroups views plus the hellos and goodbyes members send.
 *
 * <p>Pure state machine: views and messages in, snapshots and listener calls out. The room feeds
 * it; tests drive it directly.
 */
public final class Membership {
    private final String selfId;
    private final Clock clock;
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> saidGoodbye = new HashSet<>();
    private Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Member> knownHellos = new LinkedHashMap<>();
    private long viewId = -1;

    public Membership(String selfId, Clock clock) {
        this.selfId = selfId;
        this.clock = clock;
    }

    public void addListener(MembershipListener listener) {
        listeners.add(listener);
    }

    /** Applies a new view given as member ids in coordinator-first order. */
    public void applyView(long newViewId, List<String> orderedIds, boolean merged) {
        MembershipView snapshot;
        List<Member> joined = new ArrayList<>();
        List<MembershipListener.Departure> departed = new ArrayList<>();
        boolean leaderChanged;
        synchronized (this) {
            long now = clock.millis();
            String previousLeader =
                    members.isEmpty() ? null : members.keySet().iterator().next();
            Map<String, Member> next = new LinkedHashMap<>();
            for (String id : orderedIds) {
                Member existing = members.get(id);
                if (existing == null) {
                    existing = knownHellos.getOrDefault(id, new Member(id, "", now, "mesh", ""));
                    joined.add(existing);
                    saidGoodbye.remove(id);
                }
                next.put(id, existing);
            }
            for (Member old : members.values()) {
                if (!next.containsKey(old.id())) {
                    departed.add(new MembershipListener.Departure(old, saidGoodbye.remove(old.id()), now));
                    knownHellos.remove(old.id());
                }
            }
            members = next;
            viewId = newViewId;
            String leader = orderedIds.isEmpty() ? null : orderedIds.get(0);
            leaderChanged = previousLeader == null || !previousLeader.equals(leader);
            snapshot = snapshotLocked();
        }
        for (MembershipListener listener : listeners) {
            listener.membershipChanged(snapshot, joined, departed, leaderChanged, merged);
        }
    }

    /** Records a member's hello: its name, its own join time, role and API address. */
    public synchronized void applyHello(String id, String name, long joinedAtMillis, String role, String apiAddress) {
        Member base =
                members.getOrDefault(id, knownHellos.getOrDefault(id, new Member(id, "", joinedAtMillis, "mesh", "")));
        Member updated = base.withHello(
                name,
                joinedAtMillis > 0 ? joinedAtMillis : base.joinedAtMillis(),
                role.isEmpty() ? base.role() : role,
                apiAddress);
        knownHellos.put(id, updated);
        if (members.containsKey(id)) {
            members.put(id, updated);
        }
    }

    /**
     * Records a member's role as decided by an election. Every member adopts the same election
     * result, so each node sets everyone's role itself instead of waiting for fresh hellos.
     */
    public synchronized void applyRole(String id, String role) {
        Member base = members.get(id);
        if (base == null) {
            base = knownHellos.get(id);
        }
        if (base == null) {
            return;
        }
        Member updated = base.withHello(base.name(), base.joinedAtMillis(), role, base.apiAddress());
        if (members.containsKey(id)) {
            members.put(id, updated);
        }
        if (knownHellos.containsKey(id)) {
            knownHellos.put(id, updated);
        }
    }

    public synchronized void applyGoodbye(String id) {
        saidGoodbye.add(id);
    }

    public synchronized MembershipView snapshot() {
        return snapshotLocked();
    }

    private MembershipView snapshotLocked() {
        return new MembershipView(viewId, selfId, new ArrayList<>(members.values()));
    }
}
