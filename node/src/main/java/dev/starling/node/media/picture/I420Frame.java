package dev.starling.node.media.picture;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A planar YUV 4:2:0 picture in plain arrays on the Java heap: full-resolution Y, and U and V at
 * half resolution rounded up. Strides may exceed the width (row padding, as decoders hand frames
 * out); pictures that sources render and files store are tightly packed. Mutable on purpose: the
 * compositor and the sources reuse one picture for every frame they produce.
 */
public final class I420Frame {

    private final int width;
    private final int height;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;
    private final int strideY;
    private final int strideUv;

    public I420Frame(int width, int height, byte[] y, int strideY, byte[] u, byte[] v, int strideUv) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
        if (strideY < width || strideUv < chroma(width)) {
            throw new IllegalArgumentException("stride shorter than a row");
        }
        this.width = width;
        this.height = height;
        this.y = Objects.requireNonNull(y);
        this.u = Objects.requireNonNull(u);
        this.v = Objects.requireNonNull(v);
        this.strideY = strideY;
        this.strideUv = strideUv;
        if (y.length < (long) strideY * height
                || u.length < (long) strideUv * chroma(height)
                || v.length < (long) strideUv * chroma(height)) {
            throw new IllegalArgumentException("plane too small for " + width + "x" + height);
        }
    }

    /** A tightly packed picture with every plane zero, for a source to render into. */
    public static I420Frame packed(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
        return new I420Frame(
                width,
                height,
                new byte[width * height],
                width,
                new byte[chroma(width) * chroma(height)],
                new byte[chroma(width) * chroma(height)],
                chroma(width));
    }

    /** A tightly packed picture filled with black (Y 16, U and V 128, video range). */
    public static I420Frame black(int width, int height) {
        I420Frame f = packed(width, height);
        f.fill(16, 128, 128);
        return f;
    }

    /** Copies this tightly packed picture into {@code out}, a packed picture of the same size. */
    public void copyTo(I420Frame out) {
        System.arraycopy(y, 0, out.y, 0, out.y.length);
        System.arraycopy(u, 0, out.u, 0, out.u.length);
        System.arraycopy(v, 0, out.v, 0, out.v.length);
    }

    /** Bytes of one tightly packed picture, as a Y4M file stores the three planes back to back. */
    public static long frameBytes(int width, int height) {
        long cw = chroma(width);
        long ch = chroma(height);
        return (long) width * height + 2 * cw * ch;
    }

    /** Copies a (possibly strided) native plane into a packed one, e.g. from a captured frame. */
    public static void copyIn(ByteBuffer src, int stride, byte[] dst, int width, int rows) {
        for (int r = 0; r < rows; r++) {
            src.get(r * stride, dst, r * width, width);
        }
    }

    /** Copies a packed plane out into a strided native buffer. */
    public static void copyOut(byte[] src, int width, ByteBuffer dst, int stride, int rows) {
        for (int r = 0; r < rows; r++) {
            dst.put(r * stride, src, r * width, width);
        }
    }

    static int chroma(int luma) {
        return (luma + 1) / 2;
    }

    public void fill(int luma, int cb, int cr) {
        Arrays.fill(y, (byte) luma);
        Arrays.fill(u, (byte) cb);
        Arrays.fill(v, (byte) cr);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int chromaWidth() {
        return chroma(width);
    }

    public int chromaHeight() {
        return chroma(height);
    }

    public byte[] y() {
        return y;
    }

    public byte[] u() {
        return u;
    }

    public byte[] v() {
        return v;
    }

    public int strideY() {
        return strideY;
    }

    public int strideUv() {
        return strideUv;
    }

    public int lumaAt(int x, int row) {
        return y[row * strideY + x] & 0xFF;
    }

    public int cbAt(int x, int row) {
        return u[row * strideUv + x] & 0xFF;
    }

    public int crAt(int x, int row) {
        return v[row * strideUv + x] & 0xFF;
    }
}
