package dev.starling.node.media.source;

/** A whole 48 kHz mono clip in memory, played in a loop; immutable, so all links share one. */
public final class PcmClip implements AudioFrames {
    private final short[] samples;

    public PcmClip(short[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("empty clip");
        }
        this.samples = samples.clone();
    }

    public int length() {
        return samples.length;
    }

    /** Frame f continues the loop where frame f-1 stopped, also across the clip's end. */
    @Override
    public void render(long frameIndex, short[] out) {
        long start = Math.floorMod(frameIndex * out.length, (long) samples.length);
        int at = (int) start;
        for (int k = 0; k < out.length; k++) {
            out[k] = samples[at];
            if (++at == samples.length) {
                at = 0;
            }
        }
    }
}
