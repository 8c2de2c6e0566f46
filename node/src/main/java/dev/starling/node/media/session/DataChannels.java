package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.starling.node.media.data.AudioChannel;
import dev.starling.node.media.data.ControlChannel;
import dev.starling.node.media.data.FileChannel;
import dev.starling.node.timesync.WallClock;
import java.util.Optional;
import java.util.Set;

/**
 * The link's three data channels: control (clock sync, mix announcements, probe), file
 * transfer and audio packets. All are pre-negotiated with fixed ids on both ends, so there is no in-band open
 * handshake and no glare over who creates them. Null until the link opens; read from any thread.
 */
final class DataChannels {
    private final String remotePeer;
    private final WallClock clock;
    private final ChannelSupport support;
    private volatile ControlChannel control;
    private volatile FileChannel files;
    private volatile AudioChannel audio;

    DataChannels(String remotePeer, WallClock clock, ChannelSupport support) {
        this.remotePeer = remotePeer;
        this.clock = clock;
        this.support = support;
    }

    /** Creates the channels and announces {@code inputs}, our first mix contents. Session queue. */
    void open(RTCPeerConnection pc, Set<String> inputs) {
        ControlChannel c = new ControlChannel(
                remotePeer,
                pc.createDataChannel("starling", preNegotiated(0, true)),
                clock,
                support.replies(),
                support.hello());
        control = c;
        c.announceMix(inputs);
        // File transfer gets a stream of its own (why: see FileChannel).
        files = new FileChannel(
                remotePeer, pc.createDataChannel("starling-files", preNegotiated(1, true)), support.fileReceiver());
        RTCDataChannelInit unreliable = preNegotiated(2, false);
        unreliable.maxRetransmits = 0;
        audio = new AudioChannel(
                remotePeer,
                pc.createDataChannel("starling-audio", unreliable),
                clock,
                support.audioSends(),
                support.audioBitrateBps(),
                c::remoteWantsAudioPackets);
    }

    private static RTCDataChannelInit preNegotiated(int id, boolean ordered) {
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.negotiated = true;
        init.id = id;
        init.ordered = ordered;
        return init;
    }

    /** The control channel, or null before the link opened. */
    ControlChannel control() {
        return control;
    }

    Optional<FileChannel> files() {
        return Optional.ofNullable(files);
    }

    /** The audio channel, or null before the link opened. */
    AudioChannel audio() {
        return audio;
    }

    void close() {
        if (control != null) {
            control.close();
        }
        if (files != null) {
            files.close();
        }
        if (audio != null) {
            audio.close();
        }
    }
}
