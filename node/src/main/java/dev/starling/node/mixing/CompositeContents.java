package dev.starling.node.mixing;

import java.util.List;

/**
 * What one composite frame shows, keyed by the stamp the mixer drew over the whole composite.
 * That stamp is full size, so it survives encoding as a camera's does; the receiver reads it and
 * looks up which pictures, of whom and stamped when, the frame carried. Through two mixers the
 * second one lists the pictures inside the first one's composite, so every origin stays timed
 * end to end.
 *
 * @param stampMillis the composite's own stamp (the mixer's wall clock), which names the frame
 * @param pictures the camera pictures in the frame, the mixer's own included when shown
 */
public record CompositeContents(long stampMillis, List<ShownPicture> pictures) {
    /** A composite shows at most 16 tiles, and through a second mixer their contents: a room's worth. */
    public static final int MAX_PICTURES = 64;

    public CompositeContents {
        pictures = List.copyOf(pictures);
        if (pictures.size() > MAX_PICTURES) {
            throw new IllegalArgumentException("more than " + MAX_PICTURES + " pictures in a composite");
        }
        if (stampMillis < 0 || stampMillis >= (1L << 48)) {
            throw new IllegalArgumentException("a stamp's time must fit 48 bits: " + stampMillis);
        }
    }
}
