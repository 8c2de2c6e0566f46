package dev.starling.node.media;

import java.util.Set;

/**
 * Which of a node's threads carry video: libwebrtc's video encoder and decoder queues and the
 * queue that hands decoded pictures to our sinks, and our own video pushers (which also composite).
 * Named by the names the threads give themselves (Linux keeps 15 characters of them).
 */
final class VideoThreads {
    private static final Set<String> LIBWEBRTC = Set.of("EncoderQueue", "DecodingQueue", "IncomingVideoSt");
    /** Prefix of the node's video push threads (see {@link EngineThreads}). */
    static final String PUSHERS = "media-push-";

    private VideoThreads() {}

    static boolean carriesVideo(String threadName) {
        return LIBWEBRTC.contains(threadName) || threadName.startsWith(PUSHERS);
    }
}
