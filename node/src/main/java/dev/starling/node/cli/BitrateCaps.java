package dev.starling.node.cli;

import dev.starling.node.media.SendLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * {@code --audio-bitrate} and {@code --video-bitrate}, declared once: {@code join} applies them to
 * its own links, {@code lab} hands them on to every node it starts.
 */
final class BitrateCaps {
    @Option(
            names = "--audio-bitrate",
            converter = BitrateConverter.class,
            paramLabel = "RATE",
            description = "Cap on the audio sent to each peer, e.g. 32kbit or 32000 (default: no cap).")
    Integer audioBitrate;

    @Option(
            names = "--video-bitrate",
            converter = BitrateConverter.class,
            paramLabel = "RATE",
            description = "Cap on the video sent to each peer, e.g. 500kbit or 1mbit (default: no cap).")
    Integer videoBitrate;

    SendLimits limits() {
        return new SendLimits(optional(audioBitrate), optional(videoBitrate));
    }

    /** The same caps as {@code join} options, in bits per second. */
    List<String> asJoinOptions() {
        List<String> options = new ArrayList<>();
        if (audioBitrate != null) {
            options.addAll(List.of("--audio-bitrate", Integer.toString(audioBitrate)));
        }
        if (videoBitrate != null) {
            options.addAll(List.of("--video-bitrate", Integer.toString(videoBitrate)));
        }
        return options;
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
