package dev.starling.node.media.data;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.starling.node.media.opus.OpusEncoder;
import dev.starling.node.media.playout.JitterBuffer;
import dev.starling.node.timesync.WallClock;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.ObjLongConsumer;

/**
 * One link's audio channel: our voice (or our mix for the peer) as 10 ms Opus packets out, and
 * the peer's into a {@link JitterBuffer}. It is how audio travels between nodes that play out on
 * their own {@code PlayoutClock}; a node that plays on a sound card keeps libwebrtc's RTP audio
 * and says so in its hello, and then nobody sends it packets here.
 *
 * <p>An unordered channel without retransmissions, so a lost packet costs one concealed frame
 * instead of holding back the packets behind it.
 */
public final class AudioChannel implements DataChannelPort.Handler {
    /** Speech and the markers' tones come through Opus at this rate (every lab finds the markers). */
    static final int DEFAULT_BITRATE_BPS = 32_000;

    private final DataChannelPort channel;
    private final WallClock clock;
    private final BooleanSupplier peerWantsPackets;
    private final Executor sends;
    private final int bitrateBps;
    private final JitterBuffer inbound = new JitterBuffer();
    private volatile ObjLongConsumer<byte[]> arrivals;
    private OpusEncoder encoder;

    public final AtomicLong bytesSent = new AtomicLong();
    public final AtomicLong bytesReceived = new AtomicLong();
    public final AtomicLong malformed = new AtomicLong();

    /**
     * @param sends where packets are handed to the channel (a send waits for libwebrtc's network thread)
     * @param bitrateBps the Opus encoder's rate (see {@link #bitrateUnder})
     * @param peerWantsPackets whether the peer's hello asked for audio on this channel
     */
    public AudioChannel(
            String remotePeer,
            RTCDataChannel channel,
            WallClock clock,
            Executor sends,
            int bitrateBps,
            BooleanSupplier peerWantsPackets) {
        this.clock = clock;
        this.sends = sends;
        this.bitrateBps = bitrateBps;
        this.peerWantsPackets = peerWantsPackets;
        this.channel = new DataChannelPort(remotePeer, channel, this);
    }

    /** The encoder's rate: {@value #DEFAULT_BITRATE_BPS} bit/s, or the node's audio cap if lower. */
    public static int bitrateUnder(OptionalInt capBps) {
        return Math.min(DEFAULT_BITRATE_BPS, capBps.orElse(DEFAULT_BITRATE_BPS));
    }

    /** Whether our audio for this peer goes here (else it goes as RTP). */
    public boolean carriesOurAudio() {
        return peerWantsPackets.getAsBoolean();
    }

    /**
     * Encodes frame {@code frameIndex} and queues it for sending. Called by the link's one audio
     * pusher; a packet the channel cannot take is dropped, as a lost one would be.
     */
    public synchronized void send(long frameIndex, short[] pcm) {
        if (channel.closed()) {
            return;
        }
        if (encoder == null) {
            encoder = new OpusEncoder(bitrateBps);
        }
        ByteBuffer message = new AudioDatagram(frameIndex, encoder.encode(pcm)).encode();
        int size = message.remaining();
        sends.execute(() -> {
            if (channel.send(message)) {
                bytesSent.addAndGet(size);
            }
        });
    }

    /** Where the peer's packets wait for their turn to play. */
    public JitterBuffer inbound() {
        return inbound;
    }

    /** Who gets each packet as it arrives besides the jitter buffer (the call page's decoder), or null. */
    public void onArrival(ObjLongConsumer<byte[]> arrivals) {
        this.arrivals = arrivals;
    }

    @Override
    public void onStateChange(RTCDataChannelState state) {
        // Nothing to announce: the hello on the control channel says who wants packets.
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        double now = clock.nowMillis();
        ByteBuffer data = buffer.data;
        if (data == null || !buffer.binary) {
            malformed.incrementAndGet();
            return;
        }
        bytesReceived.addAndGet(data.remaining());
        Optional<AudioDatagram> packet = AudioDatagram.decode(data);
        if (packet.isEmpty()) {
            malformed.incrementAndGet();
            return;
        }
        inbound.arrived(packet.get().frameIndex(), packet.get().opus(), now);
        ObjLongConsumer<byte[]> also = arrivals;
        if (also != null) {
            also.accept(packet.get().opus(), packet.get().frameIndex());
        }
    }

    /** After the link's pusher stopped: frees the channel and the encoder. */
    public synchronized void close() {
        channel.close();
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }
}
