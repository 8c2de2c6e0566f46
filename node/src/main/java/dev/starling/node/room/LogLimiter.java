package dev.starling.node.room;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Logs the first refusal from each source and then at most one summary per interval, so a peer
 * (or a stranger) that keeps sending bad frames costs a line, not a disk. Remembers a bounded
 * number of sources; a forgotten source is logged again, which is the safe direction.
 */
public final class LogLimiter {
    private final long intervalNanos;
    private final Map<String, Boolean> seen;
    private long suppressed;
    private long lastSummary = System.nanoTime();

    public LogLimiter(Duration interval, int sources) {
        this.intervalNanos = interval.toNanos();
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > sources;
            }
        };
    }

    public void warn(String source, Supplier<String> message, Consumer<String> sink) {
        String line = null;
        synchronized (this) {
            if (seen.put(source, Boolean.TRUE) == null) {
                line = message.get();
            } else {
                suppressed++;
                long now = System.nanoTime();
                if (now - lastSummary >= intervalNanos) {
                    line = message.get() + " (and " + suppressed + " more refusals like it since the last report)";
                    suppressed = 0;
                    lastSummary = now;
                }
            }
        }
        if (line != null) {
            sink.accept(line);
        }
    }
}
