package dev.starling.node.mixer;

import java.util.Objects;

/**
 * A planar YUV 4:2:0 picture in plain arrays, as decoders hand them out: full-resolution Y, and U
 * and V at half resolution rounded up. Strides may exceed the width (row padding). Mutable on
 * purpose: the compositor reuses one output frame for every composite.
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
        if (y.length < (long) strideY * height || u.length < (long) strideUv * chroma(height)
                || v.length < (long) strideUv * chroma(height)) {
            throw new IllegalArgumentException("plane too small for " + width + "x" + height);
        }
    }

    /** A tightly packed frame filled with black (Y 16, U and V 128, video range). */
    public static I420Frame black(int width, int height) {
        I420Frame f = new I420Frame(width, height, new byte[width * height], width,
                new byte[chroma(width) * chroma(height)], new byte[chroma(width) * chroma(height)], chroma(width));
        f.fill(16, 128, 128);
        return f;
    }

    static int chroma(int luma) {
        return (luma + 1) / 2;
    }

    public void fill(int luma, int cb, int cr) {
        java.util.Arrays.fill(y, (byte) luma);
        java.util.Arrays.fill(u, (byte) cb);
        java.util.Arrays.fill(v, (byte) cr);
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
