package dev.starling.node.mixing;

/**
 * One picture a composite shows: whose camera took it and the send time its origin stamped into
 * it (the origin's wall clock). A composite's tiles are scaled and re-encoded, which no stamp
 * inside them survives, so this travels beside the composite instead (see {@link CompositeContents}).
 */
public record ShownPicture(String origin, long stampMillis) {
    public ShownPicture {
        if (origin == null || origin.isEmpty()) {
            throw new IllegalArgumentException("a shown picture needs its origin");
        }
        if (stampMillis < 0 || stampMillis >= (1L << 48)) {
            throw new IllegalArgumentException("a stamp's time must fit 48 bits: " + stampMillis);
        }
    }
}
