package dev.starling.chaos.fabric;

import java.util.HashMap;
import java.util.Map;

/** One parsed "result ..." line of a {@link Probe} burst. */
record BurstResult(
        int sent,
        int received,
        int duplicates,
        double p50Micros,
        double minMicros,
        double maxMicros,
        long spanNanos,
        double bitsPerSecond) {

    static BurstResult parse(String line) {
        Map<String, String> kv = new HashMap<>();
        for (String part : line.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        try {
            return new BurstResult(
                    Integer.parseInt(kv.get("sent")),
                    Integer.parseInt(kv.get("recv")),
                    Integer.parseInt(kv.get("dup")),
                    Double.parseDouble(kv.get("p50us")),
                    Double.parseDouble(kv.get("minus")),
                    Double.parseDouble(kv.get("maxus")),
                    Long.parseLong(kv.get("spanns")),
                    Double.parseDouble(kv.get("bps")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unparsable probe result: " + line, e);
        }
    }

    double lossFraction() {
        return sent == 0 ? 0 : 1.0 - (double) received / sent;
    }
}
