package dev.starling.chaos.fabric;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One TAP interface, held open by this process: the interface exists exactly as long as the file
 * descriptor (it is not made persistent), so closing it, or this process dying, removes the device
 * wherever it was moved to. Reads use poll with a timeout so a reader thread can notice close()
 * instead of blocking forever in read(2).
 * Read from one thread and write from one other thread; each direction has its own native buffer.
 */
final class TapDevice implements AutoCloseable {
    static final int MAX_FRAME = 65_536;

    private final LibC libc;
    private final String name;
    private final int fd;
    private final Memory readBuf = new Memory(MAX_FRAME);
    private final Memory writeBuf = new Memory(MAX_FRAME);
    private final Memory pollFd = new Memory(8);
    private volatile boolean closed;

    private TapDevice(LibC libc, String name, int fd) {
        this.libc = libc;
        this.name = name;
        this.fd = fd;
    }

    static LibC loadLibC() {
        return Native.load("c", LibC.class);
    }

    /** Creates the TAP interface {@code name} (at most 15 bytes) in this process's namespace. */
    static TapDevice open(LibC libc, String name) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= LibC.IFNAMSIZ) throw new IOException("interface name too long: " + name);
        int fd;
        try {
            fd = libc.open("/dev/net/tun", LibC.O_RDWR | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("open /dev/net/tun failed (errno " + e.getErrorCode() + ")", e);
        }
        try (Memory ifr = new Memory(LibC.IFREQ_BYTES)) {
            ifr.clear();
            ifr.write(0, n, 0, n.length);
            ifr.setShort(LibC.IFNAMSIZ, (short) (LibC.IFF_TAP | LibC.IFF_NO_PI));
            libc.ioctl(fd, new NativeLong(LibC.TUNSETIFF), ifr);
        } catch (LastErrorException e) {
            libc.close(fd);
            throw new IOException("TUNSETIFF " + name + " failed (errno " + e.getErrorCode() + ")", e);
        }
        return new TapDevice(libc, name, fd);
    }

    String name() {
        return name;
    }

    /**
     * Waits up to {@code timeoutMillis} for a frame.
     * @return the frame, or null on timeout or after close
     */
    byte[] read(int timeoutMillis) throws IOException {
        if (closed) return null;
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        try {
            if (libc.poll(pollFd, 1, timeoutMillis) <= 0 || closed) return null;
            int n = libc.read(fd, readBuf, new NativeLong(MAX_FRAME)).intValue();
            if (n <= 0) return null;
            return readBuf.getByteArray(0, n);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 4 /* EINTR */ || e.getErrorCode() == 11 /* EAGAIN */) return null;
            throw new IOException("read " + name + " failed (errno " + e.getErrorCode() + ")", e);
        }
    }

    void write(byte[] frame) throws IOException {
        if (closed) return;
        int len = Math.min(frame.length, MAX_FRAME);
        writeBuf.write(0, frame, 0, len);
        try {
            libc.write(fd, writeBuf, new NativeLong(len));
        } catch (LastErrorException e) {
            throw new IOException("write " + name + " failed (errno " + e.getErrorCode() + ")", e);
        }
    }

    /** Closing the descriptor deletes the interface. Call after the reader and writer threads stopped. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // nothing left to release
        }
    }
}
