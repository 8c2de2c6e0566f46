package dev.starling.node.collaboration.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Stops an upload as soon as it passes what the node may take, instead of after filling the disk.
 * Every read is first promised by the store's quota ({@code reserve} throws when there is no
 * room), so concurrent uploads cannot each count on the same free space.
 */
final class CappedInputStream extends FilterInputStream {
    private final LongConsumer reserve;
    private final long maxFileBytes;
    private long count;

    CappedInputStream(InputStream in, LongConsumer reserve, long maxFileBytes) {
        super(in);
        this.reserve = reserve;
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
        if (count > maxFileBytes) {
            throw new IllegalArgumentException("file is larger than the limit of " + maxFileBytes + " bytes");
        }
        reserve.accept(n);
    }
}
