package dev.starling.node.collaboration.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Stops an upload as soon as it passes what the node may take, instead of after filling the disk. */
final class CappedInputStream extends FilterInputStream {
    private final long cap;
    private final long maxFileBytes;
    private long count;

    CappedInputStream(InputStream in, long cap, long maxFileBytes) {
        super(in);
        this.cap = cap;
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            check(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            check(n);
        }
        return n;
    }

    private void check(int n) {
        count += n;
        if (count > cap) {
            throw new IllegalArgumentException(
                    count > maxFileBytes
                            ? "file is larger than the limit of " + maxFileBytes + " bytes"
                            : "storage quota exceeded: only " + cap + " bytes free");
        }
    }
}
