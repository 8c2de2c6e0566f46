package dev.starling.node.call;

import dev.starling.node.media.source.VideoSourceKind;
import dev.starling.node.presence.CallState;

/** What a call page sends its node, decoded and checked by {@link PageCodec}. */
public sealed interface PageMessage {
    /** Mono 16-bit PCM at 48 kHz, as captured. */
    record Audio(short[] pcm) implements PageMessage {}

    /** One I420 picture, packed (luma, then U, then V), of even width and height. */
    record Picture(VideoSourceKind source, int width, int height, byte[] i420) implements PageMessage {}

    /** The page's microphone, camera and screen, as the person set them. */
    record State(CallState state) implements PageMessage {}
}
