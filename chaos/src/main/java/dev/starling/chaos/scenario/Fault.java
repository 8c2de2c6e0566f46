package dev.starling.chaos.scenario;

import java.time.Duration;

/**
 * One timeline entry. {@code line} is kept so backends can point at the scenario when a fault
 * cannot be executed (e.g. reorder under Pumba).
 */
public record Fault(Duration start, Duration duration, Target target, FaultAction action, int line) {

    public Duration end() {
        return start.plus(duration);
    }

    public boolean overlaps(Fault other) {
        return start.compareTo(other.end()) < 0 && other.start.compareTo(end()) < 0;
    }
}
