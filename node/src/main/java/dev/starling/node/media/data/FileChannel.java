package dev.starling.node.media.data;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.starling.protocol.v1.FileTransfer;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One link's file channel: {@link FileTransfer}s (chunk requests and chunks) cut into 16 KiB
 * fragments on the way out and reassembled on the way in.
 *
 * <p>Its own SCTP stream rather than more message types on the control channel: both channels
 * are ordered, and a 512 KiB chunk queued ahead of a clock-sync reply would add its whole
 * transmission time to the round trip the sync measures. Separate streams of one association
 * are ordered independently, so chunks never delay control traffic.
 */
public final class FileChannel implements DataChannelPort.Handler {
    private static final Logger log = LoggerFactory.getLogger(FileChannel.class);
    /** The largest transfer accepted: a 512 KiB chunk (the largest chunk size) plus its framing. */
    public static final int MAX_TRANSFER_BYTES = 512 * 1024 + 1024;
    /** Partial messages a peer may have in flight here: bounds reassembly memory to ~4 MiB per link. */
    private static final int MAX_PENDING = 8;

    private static final long SEND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Where whole transfers go. Called on libwebrtc's network thread: must not block. */
    public interface Receiver {
        void onTransfer(String peer, FileTransfer transfer);
    }

    private final DataChannelPort channel;
    private final Receiver receiver;
    private final Reassembler reassembler = new Reassembler(MAX_TRANSFER_BYTES, MAX_PENDING);
    /** Guards the fragmenter and keeps one message's fragments together on the wire. */
    private final Object sendLock = new Object();

    private final Fragmenter fragmenter =
            new Fragmenter(ThreadLocalRandom.current().nextLong() >>> 1);
    private final AtomicLong transfersSent = new AtomicLong();
    private final AtomicLong transfersReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong notBinary = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();

    public FileChannel(String remotePeer, RTCDataChannel channel, Receiver receiver) {
        this.receiver = receiver;
        this.channel = new DataChannelPort(remotePeer, channel, this);
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Sends one transfer, blocking while the channel's send buffer is above its high-water mark
     * (at most {@link #SEND_TIMEOUT_NANOS} in all). False if the channel closed or never drained;
     * a transfer cut short that way is dropped by the receiver's reassembly.
     */
    public boolean send(FileTransfer transfer) {
        byte[] message = transfer.toByteArray();
        if (message.length > MAX_TRANSFER_BYTES) {
            throw new IllegalArgumentException(
                    "transfer of " + message.length + " bytes exceeds " + MAX_TRANSFER_BYTES);
        }
        long deadline = System.nanoTime() + SEND_TIMEOUT_NANOS;
        try {
            synchronized (sendLock) {
                List<ByteBuffer> fragments = fragmenter.split(message);
                for (ByteBuffer fragment : fragments) {
                    channel.awaitDrained(deadline);
                    if (!channel.send(fragment)) {
                        sendFailures.incrementAndGet();
                        return false;
                    }
                }
            }
        } catch (TimeoutException e) {
            sendFailures.incrementAndGet();
            log.debug("{}", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendFailures.incrementAndGet();
            return false;
        }
        transfersSent.incrementAndGet();
        bytesSent.addAndGet(message.length);
        return true;
    }

    @Override
    public void onStateChange(RTCDataChannelState state) {
        log.debug("file channel to {} is {}", channel.remotePeer(), state);
        if (state == RTCDataChannelState.CLOSED) {
            reassembler.clear();
        }
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        if (buffer.data == null || !buffer.binary) {
            notBinary.incrementAndGet();
            return;
        }
        Optional<byte[]> message = reassembler.accept(buffer.data);
        if (message.isEmpty()) {
            return;
        }
        FileTransfer transfer;
        try {
            transfer = FileTransfer.parseFrom(message.get());
        } catch (InvalidProtocolBufferException e) {
            undecodable.incrementAndGet();
            return;
        }
        if (transfer.getBodyCase() == FileTransfer.BodyCase.BODY_NOT_SET) {
            undecodable.incrementAndGet();
            return;
        }
        transfersReceived.incrementAndGet();
        receiver.onTransfer(channel.remotePeer(), transfer);
    }

    /** Sends opaque bytes as one message; lets robustness tests play a misbehaving peer. */
    public boolean sendRaw(ByteBuffer data) {
        return channel.send(data);
    }

    /** Input dropped for any reason (bad fragments, non-binary messages, undecodable transfers). */
    public long dropped() {
        return reassembler.dropped() + notBinary.get() + undecodable.get();
    }

    public Map<String, Object> counters() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("open", isOpen());
        out.put("transfersSent", transfersSent.get());
        out.put("bytesSent", bytesSent.get());
        out.put("sendFailures", sendFailures.get());
        out.put("transfersReceived", transfersReceived.get());
        out.put("notBinary", notBinary.get());
        out.put("undecodable", undecodable.get());
        out.put("reassembly", reassembler.counters());
        out.put("pendingBytes", reassembler.pendingBytes());
        return out;
    }

    public void close() {
        channel.close();
        reassembler.clear();
    }
}
