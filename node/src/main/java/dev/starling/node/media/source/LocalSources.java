package dev.starling.node.media.source;

import dev.onvoid.webrtc.media.audio.AudioDevice;
import java.util.Optional;

/**
 * What a node sends, opened once at startup (so bad files or missing devices fail before the
 * node joins) and shared by all its links. Each link asks for its own frame views.
 */
public interface LocalSources extends AutoCloseable {
    /** Audio to push into the link; not asked for when {@link #microphone()} is present. */
    AudioFrames audio(int markerSlot);

    VideoFrames video(int videoTag);

    /**
     * A capture device that feeds each link through a real audio device module instead of
     * pushed frames; empty for pushed sources.
     */
    default Optional<AudioDevice> microphone() {
        return Optional.empty();
    }

    /** One line for the log: what this node sends. */
    String describe();

    @Override
    default void close() {
    }
}
