package dev.starling.node.media.session;

import dev.starling.node.media.source.VideoSourceKind;
import java.util.List;

/**
 * The stream ids our tracks are sent under, which is how the receiver tells them apart: libwebrtc
 * gives a remote track a random id of its own (unified plan), but the stream ids travel in the
 * SDP's msid lines, where {@link RemoteStreams} finds them by the track's mid. Each track has its own stream so that video is never
 * lip-synced to the audio's jitter buffer (see the webrtc-java notes).
 */
final class StreamIds {
    private static final String AUDIO = "a-";
    private static final String CAMERA = "v-";
    private static final String SCREEN = "s-";

    private StreamIds() {}

    static String audio(String peer) {
        return AUDIO + peer;
    }

    static String camera(String peer) {
        return CAMERA + peer;
    }

    static String screen(String peer) {
        return SCREEN + peer;
    }

    /** Which picture a remote video track carries, from the stream ids it arrived with. */
    static VideoSourceKind videoKind(List<String> streamIds) {
        return streamIds.stream().anyMatch(id -> id != null && id.startsWith(SCREEN))
                ? VideoSourceKind.SCREEN
                : VideoSourceKind.CAMERA;
    }
}
