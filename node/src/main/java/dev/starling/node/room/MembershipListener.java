package dev.starling.node.room;

import java.util.List;

/** Membership changes as the room's views reveal them; called in view order on one thread. */
public interface MembershipListener {
    /**
     * @param joined members new in this view
     * @param departed members gone from this view, each marked whether it said goodbye first
     * @param leaderChanged whether the coordinator differs from the previous view's
     * @param merged whether this view heals a partition
     */
    void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged);

    /** A member that left the view: cleanly (it said goodbye) or not (crash, partition, hang). */
    record Departure(Member member, boolean clean, long atMillis) {}
}
