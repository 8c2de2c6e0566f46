package dev.starling.chaos.lab;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What kind of device and network one lab node has: a share of the CPU, its uplink and downlink
 * rate, and the delay, jitter and loss of its link. Zero means "no limit" (no impairment).
 */
public record PeerProfile(
        String name,
        double cpuCores,
        int uplinkKbps,
        int downlinkKbps,
        double delayMs,
        double jitterMs,
        double lossPercent) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public PeerProfile {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "profile name '" + name + "': lower-case letters, digits and dashes, at most 40");
        }
        check(name, "cpu", cpuCores, 64);
        check(name, "uplink_kbps", uplinkKbps, 10_000_000);
        check(name, "downlink_kbps", downlinkKbps, 10_000_000);
        check(name, "delay_ms", delayMs, 10_000);
        check(name, "jitter_ms", jitterMs, 10_000);
        check(name, "loss_percent", lossPercent, 100);
        if (cpuCores > 0 && cpuCores < 0.01) {
            throw new IllegalArgumentException(name + ": cpu must be at least 0.01 cores");
        }
        if ((uplinkKbps > 0 && uplinkKbps < 8) || (downlinkKbps > 0 && downlinkKbps < 8)) {
            throw new IllegalArgumentException(name + ": a rate must be at least 8 kbit/s");
        }
    }

    private static void check(String name, String field, double value, double max) {
        if (!Double.isFinite(value) || value < 0 || value > max) {
            throw new IllegalArgumentException(name + ": " + field + " must be 0-" + (long) max + ", not " + value);
        }
    }

    /** Whether the profile asks for delay, jitter or loss on the link. */
    public boolean impairsLink() {
        return delayMs > 0 || jitterMs > 0 || lossPercent > 0;
    }
}
