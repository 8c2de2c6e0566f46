package dev.starling.node.media.synthetic;

/**
 * A moving luma pattern below the stamp: diagonal bars plus a bouncing square, so the encoder
 * always has motion to code (a static frame would let VP8 skip blocks and hide decode latency).
 */
public final class TestPattern {
    private final int width;
    private final int height;
    private final int top;

    public TestPattern(int width, int height, int top) {
        this.width = width;
        this.height = height;
        this.top = top;
    }

    public void render(byte[] luma, int stride, long frameIndex) {
        int shift = (int) (frameIndex * 4 % 64);
        for (int y = top; y < height; y++) {
            int row = y * stride;
            for (int x = 0; x < width; x++) {
                int phase = (x + y + shift) & 63;
                luma[row + x] = (byte) (phase < 32 ? 60 + phase * 2 : 190 - (phase - 32) * 2);
            }
        }
        int box = Math.max(8, (height - top) / 4);
        int span = Math.max(1, width - box);
        int pos = (int) (frameIndex * 6 % (2L * span));
        int bx = pos < span ? pos : 2 * span - pos;
        int by = top + (height - top - box) / 2;
        for (int y = by; y < by + box && y < height; y++) {
            for (int x = bx; x < bx + box && x < width; x++) {
                luma[y * stride + x] = (byte) 235;
            }
        }
    }
}
