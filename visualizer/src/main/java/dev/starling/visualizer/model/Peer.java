package dev.starling.visualizer.model;

import dev.starling.visualizer.event.Role;

/** A vertex of the topology snapshot: immutable, so a snapshot can be handed to any thread. */
public record Peer(String id, String name, Role role, boolean leader, double cpuPercent, double electionPoints) {

    Peer withRole(Role newRole) {
        return new Peer(id, name, newRole, leader, cpuPercent, electionPoints);
    }

    Peer withLeader(boolean isLeader) {
        return new Peer(id, name, role, isLeader, cpuPercent, electionPoints);
    }

    Peer withMetrics(double cpu, double points) {
        return new Peer(id, name, role, leader, cpu, points);
    }
}
