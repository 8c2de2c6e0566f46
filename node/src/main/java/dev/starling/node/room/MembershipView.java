package dev.starling.node.room;

import java.util.List;
import java.util.Optional;

/** An immutable snapshot of the room: members in view order (the first is the leader). */
public record MembershipView(long viewId, String selfId, List<Member> members) {
    public MembershipView {
        members = List.copyOf(members);
    }

    public String leaderId() {
        return members.isEmpty() ? selfId : members.get(0).id();
    }

    public boolean isLeader() {
        return leaderId().equals(selfId);
    }

    public Optional<Member> member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public boolean contains(String id) {
        return member(id).isPresent();
    }
}
