package dev.starling.node.election;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The probed side: adds up the chunks of each incoming probe until the expected size is in.
 * Bounded, so a peer that starts many probes and never finishes them cannot grow it.
 */
public final class ProbeReceipts {

    private static final int MAX_OPEN = 64;

    private final Map<String, Long> received = new LinkedHashMap<>();

    /**
     * @return the total bytes once the probe is complete (0 for an answer-at-once probe), else empty
     */
    public OptionalLong chunk(String from, long number, int payloadBytes, long totalBytes) {
        String key = from + '\0' + number;
        long sum = received.getOrDefault(key, 0L) + payloadBytes;
        if (sum >= totalBytes) {
            received.remove(key);
            return OptionalLong.of(sum);
        }
        received.put(key, sum);
        while (received.size() > MAX_OPEN) {
            received.remove(received.keySet().iterator().next());
        }
        return OptionalLong.empty();
    }
}
