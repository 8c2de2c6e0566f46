package dev.starling.node.media.data;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our end of one native data channel, shared by every protocol that runs on a channel: sends
 * that cannot race {@link #close()} (which frees the native object), the sender-side
 * backpressure wait on bufferedAmount, and a close that unregisters before it frees.
 * libwebrtc's callbacks reach the {@link Handler} on its network thread.
 */
final class DataChannelPort implements RTCDataChannelObserver {
    private static final Logger log = LoggerFactory.getLogger(DataChannelPort.class);
    /**
     * A sender waits above this much unsent data until it drains below {@link #LOW_WATER}: deep
     * enough to keep a LAN path busy, shallow enough that a slow peer costs at most 1 MiB here.
     */
    static final long HIGH_WATER = 1024 * 1024;

    static final long LOW_WATER = 256 * 1024;

    /** What the protocol on the channel does with libwebrtc's callbacks. */
    interface Handler {
        void onStateChange(RTCDataChannelState state);

        /** The buffer is native memory valid only during the call. */
        void onMessage(RTCDataChannelBuffer buffer);
    }

    private final String remotePeer;
    private final RTCDataChannel channel;
    private final Handler handler;
    private final Object bufferMonitor = new Object();
    /** Held around every call into the native channel from our threads, so close() cannot free it mid-call. */
    private final Object channelLock = new Object();

    private volatile boolean closed;

    DataChannelPort(String remotePeer, RTCDataChannel channel, Handler handler) {
        this.remotePeer = remotePeer;
        this.channel = channel;
        this.handler = handler;
        channel.registerObserver(this);
    }

    String remotePeer() {
        return remotePeer;
    }

    boolean closed() {
        return closed;
    }

    boolean isOpen() {
        synchronized (channelLock) {
            return !closed && channel.getState() == RTCDataChannelState.OPEN;
        }
    }

    long bufferedAmount() {
        synchronized (channelLock) {
            return closed ? 0 : channel.getBufferedAmount();
        }
    }

    @Override
    public void onStateChange() {
        if (!closed) {
            handler.onStateChange(channel.getState());
        }
    }

    @Override
    public void onBufferedAmountChange(long previousAmount) {
        synchronized (bufferMonitor) {
            bufferMonitor.notifyAll();
        }
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        if (!closed) {
            handler.onMessage(buffer);
        }
    }

    /**
     * Returns at once while less than {@link #HIGH_WATER} is buffered; otherwise waits until
     * below {@link #LOW_WATER} (hysteresis, so a sender refills in bursts, not per message).
     */
    void awaitDrained(long deadlineNanos) throws InterruptedException, TimeoutException {
        if (bufferedAmount() < HIGH_WATER) {
            return;
        }
        synchronized (bufferMonitor) {
            while (!closed && bufferedAmount() > LOW_WATER) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new TimeoutException("data channel to " + remotePeer + " did not drain");
                }
                // Bounded wait: the buffered-amount callback is not guaranteed for every drain.
                bufferMonitor.wait(5);
            }
        }
    }

    /**
     * Waits until less than {@code bytes} is buffered, or until {@code deadlineNanos}.
     *
     * @return whether the buffer went below {@code bytes} in time
     */
    boolean awaitBufferedBelow(long bytes, long deadlineNanos) throws InterruptedException {
        synchronized (bufferMonitor) {
            while (!closed && bufferedAmount() >= bytes) {
                if (System.nanoTime() > deadlineNanos) {
                    return false;
                }
                // Bounded wait: the buffered-amount callback is not guaranteed for every drain.
                bufferMonitor.wait(5);
            }
        }
        return !closed;
    }

    boolean send(ByteBuffer data) {
        synchronized (channelLock) {
            if (closed || channel.getState() != RTCDataChannelState.OPEN) {
                return false;
            }
            try {
                channel.send(new RTCDataChannelBuffer(data, true));
                return true;
            } catch (Exception | Error e) {
                log.debug("data channel send to {} failed: {}", remotePeer, e.toString());
                return false;
            }
        }
    }

    /** Unregisters first so no callback touches a channel that is being closed; returns false if already closed. */
    boolean close() {
        synchronized (channelLock) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        synchronized (bufferMonitor) {
            bufferMonitor.notifyAll();
        }
        synchronized (channelLock) {
            try {
                channel.unregisterObserver();
                channel.close();
                channel.dispose();
            } catch (RuntimeException | Error e) {
                log.debug("data channel close: {}", e.toString());
            }
        }
        return true;
    }
}
