package dev.starling.node.media.stats;

import java.util.Map;

/**
 * One libwebrtc stats object, decoupled from the native report type so the mapping logic can
 * be tested without WebRTC. Numbers arrive as Integer, Long, Double or BigInteger.
 */
public record StatsEntry(String type, String id, long timestampMicros, Map<String, Object> values) {

    public double number(String key) {
        Object v = values.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    public long count(String key) {
        Object v = values.get(key);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    public String text(String key) {
        Object v = values.get(key);
        return v == null ? "" : v.toString();
    }
}
