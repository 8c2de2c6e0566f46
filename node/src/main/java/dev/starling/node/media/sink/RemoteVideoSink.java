package dev.starling.node.media.sink;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.record.Y4mWriter;
import dev.starling.node.media.source.VideoSourceKind;
import dev.starling.node.media.synthetic.VideoStamp;
import dev.starling.node.media.synthetic.VideoStampCodec;
import dev.starling.node.mixing.CompositeContents;
import dev.starling.node.mixing.ShownPicture;
import dev.starling.node.mixing.VideoBus;
import dev.starling.node.timesync.ClockOffset;
import dev.starling.node.timesync.WallClock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one remote peer's decoded video: counts frames, reads the stamp, records
 * stamped-to-decoded latency once the clock offset to the sender is known (for a mixer's
 * composite, of every picture in it, for its origin), optionally records.
 * A peer's shared screen has a sink of its own: it carries no stamps (only the camera's source
 * stamps its pictures), so it is only counted apart and handed on. Runs on libwebrtc's decoder thread, so it must never throw and must release every frame.
 */
public final class RemoteVideoSink implements VideoTrackSink {
    private static final Logger log = LoggerFactory.getLogger(RemoteVideoSink.class);

    private final String remotePeer;
    private final VideoSourceKind source;
    private final VideoBus relay;
    private final int expectedTag;
    private final ReceiveStats stats;
    private final RemoteTiming timing;
    private final RelayOrigins origins;
    private final WallClock clock;
    private final Y4mWriter recorder;
    private final Supplier<ReceivedMedia> listener;
    private VideoStampCodec codec;

    /**
     * @param source whether the track carries the peer's camera or its shared screen
     * @param origins whose pictures a composite from this peer shows, for timing them end to end
     * @param relay where decoded pictures go when this node composites them for others
     * @param recorder where the pictures are recorded, or null
     */
    public RemoteVideoSink(
            String remotePeer,
            VideoSourceKind source,
            ReceiveStats stats,
            RemoteTiming timing,
            RelayOrigins origins,
            WallClock clock,
            Y4mWriter recorder,
            VideoBus relay,
            Supplier<ReceivedMedia> listener) {
        this.listener = listener;
        this.remotePeer = remotePeer;
        this.source = source;
        this.relay = relay;
        this.expectedTag = VideoStamp.tagFor(remotePeer);
        this.stats = stats;
        this.timing = timing;
        this.origins = origins;
        this.clock = clock;
        this.recorder = recorder;
    }

    @Override
    public void onVideoFrame(VideoFrame frame) {
        double now = clock.nowMillis();
        try {
            boolean screen = source == VideoSourceKind.SCREEN;
            (screen ? stats.screenFrames : stats.videoFrames).incrementAndGet();
            if (!(frame.buffer instanceof I420Buffer i420)) {
                return;
            }
            int w = i420.getWidth();
            int h = i420.getHeight();
            List<ShownPicture> shows = List.of();
            if (!screen) {
                try {
                    shows = readStamp(i420, w, h, now);
                } catch (IllegalArgumentException tooSmall) {
                    // A picture too small for a stamp (e.g. a sender's Y4M file) is still worth recording.
                    stats.stampsRejected.incrementAndGet();
                }
            }
            ReceivedMedia page = listener.get();
            boolean mixing = relay.wants(remotePeer);
            if (mixing || page.listening()) {
                // One copy for both: neither changes it.
                I420Frame picture = VideoBus.copyOf(
                        w,
                        h,
                        i420.getDataY(),
                        i420.getStrideY(),
                        i420.getDataU(),
                        i420.getStrideU(),
                        i420.getDataV(),
                        i420.getStrideV());
                if (mixing) {
                    if (screen) {
                        relay.offerScreen(remotePeer, picture);
                    } else {
                        relay.offer(remotePeer, picture, shows);
                    }
                }
                if (page.listening()) {
                    page.video(remotePeer, source, picture);
                }
            }
            if (recorder != null) {
                recorder.write(
                        w,
                        h,
                        i420.getDataY(),
                        i420.getStrideY(),
                        i420.getDataU(),
                        i420.getStrideU(),
                        i420.getDataV(),
                        i420.getStrideV());
            }
        } catch (Exception | Error e) {
            log.warn("video sink error: {}", e.toString());
        } finally {
            frame.release();
        }
    }

    /**
     * Reads the picture's stamp and times every stamped picture it shows: the sender's own, or,
     * for a composite the sender announced, each picture inside it, for its origin. Returns those
     * pictures (empty when unstamped), which go with it if we composite it in turn.
     */
    private List<ShownPicture> readStamp(I420Buffer i420, int w, int h, double now) {
        if (codec == null || codecMismatch(w, h)) {
            codec = null; // a size without room for a stamp must not be read with the old size's codec
            codec = new VideoStampCodec(w, h);
        }
        Optional<VideoStamp> stamp = codec.read(i420.getDataY(), i420.getStrideY(), w, h);
        if (stamp.isEmpty() || stamp.get().senderTag() != expectedTag) {
            stats.stampsRejected.incrementAndGet();
            return List.of();
        }
        stats.stampsDecoded.incrementAndGet();
        long millis = stamp.get().sendMillis();
        List<ShownPicture> shows = timing.composite(millis)
                .map(CompositeContents::pictures)
                .orElseGet(() -> List.of(new ShownPicture(remotePeer, millis)));
        for (ShownPicture picture : shows) {
            time(picture, now);
        }
        return shows;
    }

    /** Records one picture's latency for its origin, the first time it is seen by any path. */
    private void time(ShownPicture picture, double now) {
        ReceiveStats target = stats;
        RemoteTiming origin = timing;
        if (!picture.origin().equals(remotePeer)) {
            Optional<RelayOrigins.Origin> relayed = origins.byPeer(picture.origin());
            if (relayed.isEmpty()) {
                return; // our own picture (a mixer does not send it back) or a peer we have no link to
            }
            target = relayed.get().stats();
            origin = relayed.get().timing();
        }
        if (!target.firstSight(picture.stampMillis())) {
            return;
        }
        if (target != stats) {
            target.picturesRelayed.incrementAndGet();
        }
        Optional<ClockOffset> offset = origin.clockOffset();
        if (offset.isPresent() && origin.steady()) {
            // Stamps carry 48 bits of sender milliseconds; current epoch times fit.
            target.videoLatency.record(now - offset.get().toLocalMillis(picture.stampMillis()));
        }
    }

    private int codecW = -1;
    private int codecH = -1;

    private boolean codecMismatch(int w, int h) {
        if (w != codecW || h != codecH) {
            codecW = w;
            codecH = h;
            return true;
        }
        return false;
    }
}
