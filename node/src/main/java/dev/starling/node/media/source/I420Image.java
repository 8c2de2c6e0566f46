package dev.starling.node.media.source;

import java.nio.ByteBuffer;

/** Tightly packed I420 planes on the Java heap: what sources render into before the native copy. */
public final class I420Image {
    private final int width;
    private final int height;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;

    public I420Image(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("bad size " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.y = new byte[width * height];
        this.u = new byte[chromaWidth() * chromaHeight()];
        this.v = new byte[u.length];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int chromaWidth() {
        return (width + 1) / 2;
    }

    public int chromaHeight() {
        return (height + 1) / 2;
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

    /** Bytes of one frame in a file such as Y4M, which stores the three planes back to back. */
    public static long frameBytes(int width, int height) {
        long cw = (width + 1) / 2;
        long ch = (height + 1) / 2;
        return (long) width * height + 2 * cw * ch;
    }

    /** Copies a (possibly strided) plane in, e.g. from a captured native frame. */
    public static void copyIn(ByteBuffer src, int stride, byte[] dst, int width, int rows) {
        for (int r = 0; r < rows; r++) {
            src.get(r * stride, dst, r * width, width);
        }
    }

    /** Copies a plane out into a strided native buffer. */
    public static void copyOut(byte[] src, int width, ByteBuffer dst, int stride, int rows) {
        for (int r = 0; r < rows; r++) {
            dst.put(r * stride, src, r * width, width);
        }
    }
}
