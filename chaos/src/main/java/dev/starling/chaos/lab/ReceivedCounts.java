package dev.starling.chaos.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a node had received on each link (from its {@code /api/media}), and when it was read: the
 * video frames decoded, and the 10 ms audio chunks its audio device pulled from the link's jitter
 * buffer. Two readings give the frame rate received from each peer (its camera in mesh, a mixer's
 * composite for its clients) and how fast audio was played out: 100 Hz is real time, and a device
 * that pulls slower leaves the difference piling up in the jitter buffer.
 */
record ReceivedCounts(long atNanos, Map<String, Long> framesByPeer, Map<String, Long> audioChunksByPeer) {

    static ReceivedCounts of(JsonNode media) {
        Map<String, Long> frames = new TreeMap<>();
        Map<String, Long> chunks = new TreeMap<>();
        for (JsonNode link : media.path("links")) {
            String peer = link.path("peer").asText();
            if (link.path("audioChunks").isNumber()) {
                chunks.put(peer, link.path("audioChunks").asLong());
            }
            for (JsonNode stat : link.path("stats")) {
                if ("inbound".equals(stat.path("direction").asText())
                        && "video".equals(stat.path("kind").asText())) {
                    frames.merge(peer, stat.path("framesDecoded").asLong(0), Long::sum);
                }
            }
        }
        return new ReceivedCounts(System.nanoTime(), Map.copyOf(frames), Map.copyOf(chunks));
    }

    /** Frames per second from each peer since {@code before} (a link new since then counts from 0). */
    Map<String, Double> fpsSince(ReceivedCounts before) {
        return before == null ? Map.of() : ratesSince(before, framesByPeer, before.framesByPeer);
    }

    /** Audio chunks pulled per second from each peer's link since {@code before}: 100 is real time. */
    Map<String, Double> playoutHzSince(ReceivedCounts before) {
        return before == null ? Map.of() : ratesSince(before, audioChunksByPeer, before.audioChunksByPeer);
    }

    private Map<String, Double> ratesSince(ReceivedCounts before, Map<String, Long> now, Map<String, Long> then) {
        Map<String, Double> rates = new TreeMap<>();
        if (atNanos <= before.atNanos) {
            return rates;
        }
        double seconds = (atNanos - before.atNanos) / 1e9;
        now.forEach((peer, count) ->
                rates.put(peer, Math.round(Math.max(0, count - then.getOrDefault(peer, 0L)) / seconds * 100) / 100.0));
        return rates;
    }
}
