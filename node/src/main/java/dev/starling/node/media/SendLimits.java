package dev.starling.node.media;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Upper bounds on what this node encodes per link, applied as {@code maxBitrate} on the senders'
 * encodings. Empty means libwebrtc's own congestion control alone decides.
 *
 * @param audioBps cap on each audio sender, bits per second
 * @param videoBps cap on each video sender, bits per second
 */
public record SendLimits(OptionalInt audioBps, OptionalInt videoBps) {
    public static final SendLimits NONE = new SendLimits(OptionalInt.empty(), OptionalInt.empty());

    public SendLimits {
        Objects.requireNonNull(audioBps, "audioBps");
        Objects.requireNonNull(videoBps, "videoBps");
        if (audioBps.orElse(1) <= 0 || videoBps.orElse(1) <= 0) {
            throw new IllegalArgumentException("bitrate caps must be positive: " + audioBps + ", " + videoBps);
        }
    }
}
