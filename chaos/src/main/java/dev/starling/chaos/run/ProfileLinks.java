package dev.starling.chaos.run;

import dev.starling.chaos.lab.PeerProfile;
import dev.starling.chaos.scenario.FaultAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What peer profiles mean for each directed link of the chaos fabric. A packet from A to B
 * crosses A's access link and then B's: it gets both delays, jitters that add as independent
 * variations do (root of the sum of squares), either loss, and the slower of A's uplink and B's
 * downlink. The fabric shapes each directed link on its own, so a rate here is per peer, not a
 * node's uplink shared by all its links (the bridge lab's tbf is). Pure.
 */
public final class ProfileLinks {
    /** A directed link between two nodes, by name. */
    public record Link(String from, String to) {}

    private ProfileLinks() {}

    /** The faults of every directed link between {@code names[i]} (profile {@code profiles[i]}); clean links are left out. */
    public static Map<Link, List<FaultAction.Netem>> between(List<String> names, List<PeerProfile> profiles) {
        if (names.size() != profiles.size()) {
            throw new IllegalArgumentException(names.size() + " nodes, " + profiles.size() + " profiles");
        }
        Map<Link, List<FaultAction.Netem>> links = new LinkedHashMap<>();
        for (int a = 0; a < names.size(); a++) {
            for (int b = 0; b < names.size(); b++) {
                if (a != b) {
                    List<FaultAction.Netem> faults = faults(profiles.get(a), profiles.get(b));
                    if (!faults.isEmpty()) {
                        links.put(new Link(names.get(a), names.get(b)), faults);
                    }
                }
            }
        }
        return links;
    }

    static List<FaultAction.Netem> faults(PeerProfile from, PeerProfile to) {
        List<FaultAction.Netem> faults = new ArrayList<>();
        double delay = from.delayMs() + to.delayMs();
        double jitter = Math.hypot(from.jitterMs(), to.jitterMs());
        if (delay > 0 || jitter > 0) {
            faults.add(new FaultAction.Delay(micros(delay), micros(jitter), 0, Optional.empty()));
        }
        double delivered = (1 - from.lossPercent() / 100) * (1 - to.lossPercent() / 100);
        if (delivered < 1) {
            faults.add(new FaultAction.Loss((1 - delivered) * 100, 0));
        }
        long rate = slower(from.uplinkKbps(), to.downlinkKbps());
        if (rate > 0) {
            faults.add(new FaultAction.Rate(rate * 1000));
        }
        return faults;
    }

    private static long slower(int a, int b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    private static Duration micros(double millis) {
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
