package dev.starling.chaos.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's inbound video frames decoded per link (from its {@code /api/media}), and when they were
 * read: two readings give the frame rate the node received from each peer it has a link to,
 * whether the link carries that peer's camera (mesh) or a mixer's composite.
 */
record VideoFrames(long atNanos, Map<String, Long> byPeer) {

    static VideoFrames of(JsonNode media) {
        Map<String, Long> frames = new TreeMap<>();
        for (JsonNode link : media.path("links")) {
            for (JsonNode stat : link.path("stats")) {
                if ("inbound".equals(stat.path("direction").asText())
                        && "video".equals(stat.path("kind").asText())) {
                    frames.merge(
                            link.path("peer").asText(),
                            stat.path("framesDecoded").asLong(0),
                            Long::sum);
                }
            }
        }
        return new VideoFrames(System.nanoTime(), Map.copyOf(frames));
    }

    /** Frames per second from each peer since {@code before} (a link new since then counts from 0). */
    Map<String, Double> ratesSince(VideoFrames before) {
        Map<String, Double> rates = new TreeMap<>();
        if (before == null || atNanos <= before.atNanos) {
            return rates;
        }
        double seconds = (atNanos - before.atNanos) / 1e9;
        byPeer.forEach((peer, frames) -> rates.put(
                peer, Math.round(Math.max(0, frames - before.byPeer.getOrDefault(peer, 0L)) / seconds * 100) / 100.0));
        return rates;
    }
}
