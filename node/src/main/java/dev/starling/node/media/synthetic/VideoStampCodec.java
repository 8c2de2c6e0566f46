package dev.starling.node.media.synthetic;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Codes a {@link VideoStamp} into the luma plane as 16x16 black/white blocks at the top of the frame.
 *
 * <p>16x16 blocks line up with VP8/H.264 macroblocks, so a block is either fully inside one
 * macroblock or not at all; the decoder only averages each block's centre 8x8 pixels, which
 * survives ringing at block edges. A fixed 16-bit magic pattern doubles as the black/white
 * reference (so the decoder adapts to level shifts) and the CRC-16 rejects any mis-read stamp.
 */
public final class VideoStampCodec {
    public static final int BLOCK = 16;
    static final int MAGIC = 0xA53C;
    static final int BITS = 16 + 16 + 48 + 16;
    private static final int BLACK = 16;
    private static final int WHITE = 235;
    /** Below this white/black separation the frame cannot carry a stamp (e.g. a grey frame). */
    private static final int MIN_CONTRAST = 48;

    private final int width;
    private final int height;
    private final int blocksPerRow;
    private final int rows;

    public VideoStampCodec(int width, int height) {
        this.width = width;
        this.height = height;
        this.blocksPerRow = width / BLOCK;
        if (blocksPerRow < 8) {
            throw new IllegalArgumentException("frame too narrow for a stamp: " + width);
        }
        this.rows = (BITS + blocksPerRow - 1) / blocksPerRow;
        if (rows * BLOCK > height) {
            throw new IllegalArgumentException("frame too short for a stamp: " + width + "x" + height);
        }
    }

    /** Pixel rows occupied by the stamp; the test pattern draws below them. */
    public int stampHeight() {
        return rows * BLOCK;
    }

    public void write(byte[] luma, int stride, VideoStamp stamp) {
        boolean[] bits = toBits(stamp);
        for (int i = 0; i < BITS; i++) {
            int bx = (i % blocksPerRow) * BLOCK;
            int by = (i / blocksPerRow) * BLOCK;
            byte value = (byte) (bits[i] ? WHITE : BLACK);
            for (int y = by; y < by + BLOCK; y++) {
                int row = y * stride;
                for (int x = bx; x < bx + BLOCK; x++) {
                    luma[row + x] = value;
                }
            }
        }
        // Blocks after the last bit on the final row stay mid-grey so they do not look like data.
        for (int i = BITS; i < rows * blocksPerRow; i++) {
            int bx = (i % blocksPerRow) * BLOCK;
            int by = (i / blocksPerRow) * BLOCK;
            for (int y = by; y < by + BLOCK; y++) {
                for (int x = bx; x < bx + BLOCK; x++) {
                    luma[y * stride + x] = (byte) 128;
                }
            }
        }
    }

    public Optional<VideoStamp> read(byte[] luma, int stride) {
        return read(ByteBuffer.wrap(luma), stride);
    }

    /** Reads with absolute gets, so the buffer's position is untouched (native frame buffers are shared). */
    public Optional<VideoStamp> read(ByteBuffer luma, int stride, int frameWidth, int frameHeight) {
        if (frameWidth != width || frameHeight != height) {
            return Optional.empty();
        }
        return read(luma, stride);
    }

    private Optional<VideoStamp> read(ByteBuffer luma, int stride) {
        if (luma.capacity() < (long) stride * stampHeight()) {
            return Optional.empty();
        }
        int[] level = new int[BITS];
        for (int i = 0; i < BITS; i++) {
            level[i] = blockCentreMean(luma, stride, i);
        }
        long whiteSum = 0;
        long blackSum = 0;
        int whites = 0;
        for (int i = 0; i < 16; i++) {
            if (((MAGIC >>> (15 - i)) & 1) != 0) {
                whiteSum += level[i];
                whites++;
            } else {
                blackSum += level[i];
            }
        }
        int white = (int) (whiteSum / whites);
        int black = (int) (blackSum / (16 - whites));
        if (white - black < MIN_CONTRAST) {
            return Optional.empty();
        }
        int threshold = (white + black) / 2;
        boolean[] bits = new boolean[BITS];
        for (int i = 0; i < BITS; i++) {
            bits[i] = level[i] > threshold;
        }
        return fromBits(bits);
    }

    private int blockCentreMean(ByteBuffer luma, int stride, int index) {
        int bx = (index % blocksPerRow) * BLOCK + BLOCK / 4;
        int by = (index / blocksPerRow) * BLOCK + BLOCK / 4;
        int sum = 0;
        for (int y = by; y < by + BLOCK / 2; y++) {
            int row = y * stride;
            for (int x = bx; x < bx + BLOCK / 2; x++) {
                sum += luma.get(row + x) & 0xFF;
            }
        }
        return sum / (BLOCK * BLOCK / 4);
    }

    private static boolean[] toBits(VideoStamp stamp) {
        byte[] payload = payload(stamp.senderTag(), stamp.sendMillis());
        int crc = Crc16.of(payload);
        boolean[] bits = new boolean[BITS];
        int i = 0;
        i = put(bits, i, MAGIC, 16);
        for (byte b : payload) {
            i = put(bits, i, b & 0xFF, 8);
        }
        put(bits, i, crc, 16);
        return bits;
    }

    private static Optional<VideoStamp> fromBits(boolean[] bits) {
        if (get(bits, 0, 16) != MAGIC) {
            return Optional.empty();
        }
        byte[] payload = new byte[8];
        for (int b = 0; b < 8; b++) {
            payload[b] = (byte) get(bits, 16 + b * 8, 8);
        }
        int crc = (int) get(bits, 80, 16);
        if (crc != Crc16.of(payload)) {
            return Optional.empty();
        }
        int tag = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        long millis = 0;
        for (int b = 2; b < 8; b++) {
            millis = (millis << 8) | (payload[b] & 0xFF);
        }
        return Optional.of(new VideoStamp(tag, millis));
    }

    private static byte[] payload(int tag, long millis) {
        byte[] p = new byte[8];
        p[0] = (byte) (tag >>> 8);
        p[1] = (byte) tag;
        for (int b = 0; b < 6; b++) {
            p[2 + b] = (byte) (millis >>> (8 * (5 - b)));
        }
        return p;
    }

    private static int put(boolean[] bits, int at, long value, int count) {
        for (int k = 0; k < count; k++) {
            bits[at + k] = ((value >>> (count - 1 - k)) & 1) != 0;
        }
        return at + count;
    }

    private static long get(boolean[] bits, int at, int count) {
        long v = 0;
        for (int k = 0; k < count; k++) {
            v = (v << 1) | (bits[at + k] ? 1 : 0);
        }
        return v;
    }
}
