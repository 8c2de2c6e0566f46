package dev.starling.node.media.source;

import dev.starling.node.media.synthetic.VideoStamper;
import dev.starling.node.presence.CallState;
import java.util.Optional;

/**
 * What a node sends, opened once at startup (so bad files or missing devices fail before the
 * node joins) and shared by all its links. Each link asks for its own frame views.
 */
public interface LocalSources extends AutoCloseable {
    /** Audio to push into the link, and to mix when this node mixes for others. */
    AudioFrames audio(int markerSlot);

    VideoFrames video(int videoTag);

    /**
     * What stamps this node's pictures for the lab's latency measurement, when its video is stamped:
     * a mixer then stamps its composites too, so that video through it is timed.
     */
    default Optional<VideoStamper> stamper(int videoTag) {
        return Optional.empty();
    }

    /**
     * A shared screen, sent on every link's second video track; live only while one is shared.
     * Sources without a screen never share one, so that track stays silent.
     */
    default VideoFrames screen() {
        return VideoFrames.NEVER_LIVE_SCREEN;
    }

    /** Whether links play what they receive on the system's output device (else they stay headless). */
    default boolean playsRemoteAudio() {
        return false;
    }

    /** What this node tells the room it sends, before anyone changes it: microphone and camera on. */
    default CallState initialCallState() {
        return CallState.sending(true, true);
    }

    /** One line for the log: what this node sends. */
    String describe();

    @Override
    default void close() {}
}
