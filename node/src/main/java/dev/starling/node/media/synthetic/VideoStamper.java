package dev.starling.node.media.synthetic;

import dev.starling.node.media.picture.I420Frame;

/** Draws this node's {@link VideoStamp} into a picture as it goes to the encoder. */
@FunctionalInterface
public interface VideoStamper {
    /** Stamps {@code picture} (of the stamper's size) with the current time; returns the milliseconds written. */
    long stamp(I420Frame picture);
}
