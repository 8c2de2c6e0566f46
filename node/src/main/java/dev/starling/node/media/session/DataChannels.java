package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.starling.node.media.data.ControlChannel;
import dev.starling.node.media.data.FileChannel;
import dev.starling.node.timesync.WallClock;
import java.util.Optional;
import java.util.Set;

/**
 * The link's two data channels: control (clock sync, mix announcements, probe) and file
 * transfer. Both are pre-negotiated with fixed ids on both ends, so there is no in-band open
 * handshake and no glare over who creates them. Null until the link opens; read from any thread.
 */
final class DataChannels {
    private final String remotePeer;
    private final WallClock clock;
    private final ChannelSupport support;
    private volatile ControlChannel control;
    private volatile FileChannel files;

    DataChannels(String remotePeer, WallClock clock, ChannelSupport support) {
        this.remotePeer = remotePeer;
        this.clock = clock;
        this.support = support;
    }

    /** Creates both channels and announces {@code inputs}, our first mix contents. Session queue. */
    void open(RTCPeerConnection pc, Set<String> inputs) {
        control = new ControlChannel(
                remotePeer,
                pc.createDataChannel("starling", preNegotiated(0)),
                clock,
                support.replies(),
                support.hello());
        control.announceMix(inputs);
        // File transfer gets a stream of its own (why: see FileChannel).
        files = new FileChannel(
                remotePeer, pc.createDataChannel("starling-files", preNegotiated(1)), support.fileReceiver());
    }

    private static RTCDataChannelInit preNegotiated(int id) {
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.negotiated = true;
        init.id = id;
        init.ordered = true;
        return init;
    }

    /** The control channel, or null before the link opened. */
    ControlChannel control() {
        return control;
    }

    Optional<FileChannel> files() {
        return Optional.ofNullable(files);
    }

    void close() {
        if (control != null) {
            control.close();
        }
        if (files != null) {
            files.close();
        }
    }
}
