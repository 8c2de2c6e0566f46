package dev.starling.node.media.session;

import dev.starling.node.media.data.ControlChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Measures the link's throughput with a burst over its control channel, and remembers the last
 * result: the election and the metrics report read it long after the probe finished.
 */
final class ThroughputProbe {
    private final DataChannels channels;
    private volatile double lastMbps = Double.NaN;

    ThroughputProbe(DataChannels channels) {
        this.channels = channels;
    }

    CompletableFuture<Double> run() {
        ControlChannel control = channels.control();
        if (control == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not open"));
        }
        return control.runProbe().whenComplete((mbps, err) -> {
            if (mbps != null) {
                lastMbps = mbps;
            }
        });
    }

    /** Mbit/s of the last successful probe; NaN before one. */
    double lastMbps() {
        return lastMbps;
    }
}
