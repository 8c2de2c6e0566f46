package dev.starling.visualizer.model;

import dev.starling.visualizer.event.DeviceState;
import dev.starling.visualizer.event.Role;

/**
 * A vertex of the topology snapshot: immutable, so a snapshot can be handed to any thread.
 *
 * @param audio microphone, {@code video} camera, {@code screen} screen share; {@code none} until the peer says
 */
public record Peer(
        String id,
        String name,
        Role role,
        boolean leader,
        double cpuPercent,
        double electionPoints,
        DeviceState audio,
        DeviceState video,
        DeviceState screen) {

    Peer withRole(Role newRole) {
        return new Peer(id, name, newRole, leader, cpuPercent, electionPoints, audio, video, screen);
    }

    Peer withLeader(boolean isLeader) {
        return new Peer(id, name, role, isLeader, cpuPercent, electionPoints, audio, video, screen);
    }

    Peer withMetrics(double cpu, double points) {
        return new Peer(id, name, role, leader, cpu, points, audio, video, screen);
    }

    Peer withNameAndRole(String newName, Role newRole) {
        return new Peer(id, newName, newRole, leader, cpuPercent, electionPoints, audio, video, screen);
    }

    Peer withCallState(DeviceState newAudio, DeviceState newVideo, DeviceState newScreen) {
        return new Peer(id, name, role, leader, cpuPercent, electionPoints, newAudio, newVideo, newScreen);
    }

    static Peer joined(String id, String name, Role role) {
        return new Peer(id, name, role, false, 0, 0, DeviceState.NONE, DeviceState.NONE, DeviceState.NONE);
    }
}
