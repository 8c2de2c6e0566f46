package dev.starling.chaos.scenario;

/** One node of the room; the id doubles as namespace / container name, hence the strict syntax. */
public record Peer(String id, Role role) {
    public Peer {
        if (role == Role.LEADER) throw new IllegalArgumentException("leader is elected, not declared");
    }
}
