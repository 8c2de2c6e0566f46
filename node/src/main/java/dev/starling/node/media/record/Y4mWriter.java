package dev.starling.node.media.record;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Raw YUV4MPEG2 (4:2:0) video, readable by ffmpeg/mpv. Y4M cannot change size mid-stream, so the
 * first frame fixes the geometry and frames of another size are counted and skipped.
 */
public final class Y4mWriter implements AutoCloseable {
    private final OutputStream out;
    private final int fps;
    private int width = -1;
    private int height = -1;
    private long framesWritten;
    private long framesSkipped;
    private boolean closed;

    public Y4mWriter(Path path, int fps) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        this.fps = fps;
    }

    public synchronized void write(
            int w, int h, ByteBuffer y, int strideY, ByteBuffer u, int strideU, ByteBuffer v, int strideV)
            throws IOException {
        if (closed) {
            return;
        }
        if (width < 0) {
            width = w;
            height = h;
            String header = "YUV4MPEG2 W" + w + " H" + h + " F" + fps + ":1 Ip A1:1 C420jpeg\n";
            out.write(header.getBytes(StandardCharsets.US_ASCII));
        } else if (w != width || h != height) {
            framesSkipped++;
            return;
        }
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        writePlane(y, strideY, w, h);
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        writePlane(u, strideU, cw, ch);
        writePlane(v, strideV, cw, ch);
        framesWritten++;
    }

    public synchronized long framesWritten() {
        return framesWritten;
    }

    public synchronized long framesSkipped() {
        return framesSkipped;
    }

    private void writePlane(ByteBuffer plane, int stride, int w, int h) throws IOException {
        byte[] row = new byte[w];
        for (int r = 0; r < h; r++) {
            plane.get(r * stride, row, 0, w);
            out.write(row);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
