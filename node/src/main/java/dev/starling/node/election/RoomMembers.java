package dev.starling.node.election;

import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The room as the election last saw it. Until the first view arrives this node is alone and
 * leads nobody, and every part of the service must agree on that, so the null view is handled
 * here once. Also remembers when the view last changed, because pinned and renumbering elections
 * wait for the room to settle.
 */
final class RoomMembers {

    private final String self;
    private MembershipView view;
    private Instant since;

    RoomMembers(String self, Instant now) {
        this.self = self;
        this.since = now;
    }

    /**
     * Takes a new view.
     *
     * @return whether this node just became the leader
     */
    boolean update(MembershipView newView, Instant now) {
        boolean tookOver = newView.isLeader() && (view == null || !view.isLeader());
        view = newView;
        since = now;
        return tookOver;
    }

    String self() {
        return self;
    }

    boolean isLeader() {
        return view != null && view.isLeader();
    }

    /** Whether {@code peer} leads the room as this node sees it; nobody does before the first view. */
    boolean isLeader(String peer) {
        return view != null && peer.equals(view.leaderId());
    }

    /** The leader's id, or {@code fallback} before the first view. */
    String leaderOr(String fallback) {
        return view == null ? fallback : view.leaderId();
    }

    /** Whether the view has stood unchanged for {@code settle}. */
    boolean settled(Instant now, Duration settle) {
        return !now.isBefore(since.plus(settle));
    }

    /** The members' records, empty before the first view. */
    List<Member> members() {
        return view == null ? List.of() : view.members();
    }

    /** Every member's id, this node's always included, sorted. */
    Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        members().forEach(m -> ids.add(m.id()));
        ids.add(self);
        return ids;
    }
}
