package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCPeerConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes one link in the only order that keeps libwebrtc's threads away from freed objects:
 * pushers, sinks, data channels, connection, then tracks, sources, device and factory, and the
 * recordings last. It runs on the session queue, so it never frees the connection under a
 * running negotiation step; the awaited step is failed first, so close need not wait for it.
 */
final class Teardown {
    private static final Logger log = LoggerFactory.getLogger(Teardown.class);

    private final String remotePeer;
    private final Executor serial;
    private final LinkState link;
    private final LibwebrtcSteps steps;
    private final NativeLink natives;
    private final ReceivePath receiver;
    private final DataChannels channels;
    private boolean done;

    Teardown(
            String remotePeer,
            Executor serial,
            LinkState link,
            LibwebrtcSteps steps,
            NativeLink natives,
            ReceivePath receiver,
            DataChannels channels) {
        this.remotePeer = remotePeer;
        this.serial = serial;
        this.link = link;
        this.steps = steps;
        this.natives = natives;
        this.receiver = receiver;
        this.channels = channels;
    }

    CompletableFuture<Void> closeAsync() {
        link.close(); // queued steps now return at once
        steps.cancel();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        serial.execute(() -> {
            try {
                closeNow();
            } finally {
                finished.complete(null);
            }
        });
        return finished;
    }

    private void closeNow() {
        if (done) {
            return;
        }
        done = true;
        link.close();
        LocalMedia local = natives.local();
        if (local != null) {
            local.stopPushers();
        }
        receiver.detachSinks();
        channels.close();
        RTCPeerConnection pc = natives.pc();
        if (pc != null) {
            try {
                pc.close();
            } catch (RuntimeException | Error e) {
                log.debug("closing connection to {}: {}", remotePeer, e.toString());
            }
        }
        link.connectionClosed();
        if (local != null) {
            local.close();
        }
        receiver.closeRecordings();
    }
}
