package dev.starling.node.media;

import dev.starling.node.media.source.DeviceCatalog;
import dev.starling.node.media.source.DeviceSources;
import dev.starling.node.media.source.FileSources;
import dev.starling.node.media.source.LocalSources;
import dev.starling.node.media.source.PageSources;
import dev.starling.node.media.source.SourceUnavailableException;
import dev.starling.node.media.source.SyntheticSources;
import dev.starling.node.timesync.WallClock;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code --media} choice. Parsing checks only the syntax (a usage error); {@link #open}
 * reads files and finds devices (a startup failure).
 */
public sealed interface MediaSource {
    /** 320x240@15: enough for the stamp, cheap for several peers on 2 cores. */
    VideoFormat SYNTHETIC_VIDEO = VideoFormat.SYNTHETIC_DEFAULT;
    /** What a real camera is asked for when --video is not given. */
    VideoFormat DEVICE_VIDEO = new VideoFormat(640, 360, 30);

    record None() implements MediaSource {}

    record Synthetic() implements MediaSource {}

    record Devices() implements MediaSource {}

    /**
     * What the node's call page captures, once a page attaches; with {@code markers} (written
     * {@code browser+markers}) the lab's latency markers are mixed in, audibly.
     */
    record Browser(boolean markers) implements MediaSource {}

    /** At least one of the two is present. */
    record Files(Optional<Path> wav, Optional<Path> y4m) implements MediaSource {}

    static MediaSource parse(String text) {
        String t = text == null ? "" : text.strip();
        switch (t) {
            case "none":
                return new None();
            case "synthetic":
                return new Synthetic();
            case "devices":
                return new Devices();
            case "browser":
                return new Browser(false);
            case "browser+markers":
                return new Browser(true);
            default:
                break;
        }
        if (!t.startsWith("file:")) {
            throw new IllegalArgumentException(
                    "unknown source '" + text + "'; use synthetic, none, devices, browser or file:PATH[,PATH]");
        }
        String[] paths = t.substring("file:".length()).split(",", -1);
        if (paths.length > 2) {
            throw new IllegalArgumentException("file: takes at most two files, a .wav and a .y4m");
        }
        Path wav = null;
        Path y4m = null;
        for (String p : paths) {
            String name = p.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("file: needs a path, e.g. file:talk.wav,clip.y4m");
            }
            if (name.endsWith(".wav") && wav == null) {
                wav = Path.of(p.strip());
            } else if (name.endsWith(".y4m") && y4m == null) {
                y4m = Path.of(p.strip());
            } else if (name.endsWith(".wav") || name.endsWith(".y4m")) {
                throw new IllegalArgumentException("file: takes one .wav and one .y4m, got two of a kind: " + t);
            } else {
                throw new IllegalArgumentException(
                        "file: " + p + " is neither .wav (16-bit PCM) nor .y4m (YUV4MPEG2 4:2:0)");
            }
        }
        return new Files(Optional.ofNullable(wav), Optional.ofNullable(y4m));
    }

    /** The video format to use when --video was not given. */
    default VideoFormat defaultVideo() {
        return this instanceof Devices ? DEVICE_VIDEO : SYNTHETIC_VIDEO;
    }

    /**
     * Opens what this choice sends, or empty for {@code none}.
     *
     * @param video synthetic video format, or the camera request for devices; a Y4M file brings its own
     */
    default Optional<LocalSources> open(VideoFormat video, WallClock clock, DeviceCatalog devices)
            throws SourceUnavailableException {
        if (this instanceof None) {
            return Optional.empty();
        }
        if (this instanceof Browser browser) {
            return Optional.of(new PageSources(
                    video.width(),
                    video.height(),
                    video.fps(),
                    browser.markers()
                            ? new SyntheticSources(video.width(), video.height(), video.fps(), clock)
                            : null));
        }
        if (this instanceof Devices) {
            return Optional.of(DeviceSources.open(devices, video.width(), video.height(), video.fps()));
        }
        SyntheticSources synthetic = new SyntheticSources(video.width(), video.height(), video.fps(), clock);
        if (this instanceof Files files) {
            return Optional.of(FileSources.open(files.wav(), files.y4m(), synthetic));
        }
        return Optional.of(synthetic);
    }
}
