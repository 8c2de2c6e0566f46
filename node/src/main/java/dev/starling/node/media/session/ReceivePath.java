package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.starling.node.media.data.AudioChannel;
import dev.starling.node.media.playout.LinkPlayout;
import dev.starling.node.media.playout.PlayoutClock;
import dev.starling.node.media.record.Y4mWriter;
import dev.starling.node.media.sink.ArrivingAudio;
import dev.starling.node.media.sink.ReceiveStats;
import dev.starling.node.media.sink.ReceivedMedia;
import dev.starling.node.media.sink.RemoteAudioSink;
import dev.starling.node.media.sink.RemoteTiming;
import dev.starling.node.media.sink.RemoteVideoSink;
import dev.starling.node.media.source.VideoSourceKind;
import dev.starling.node.timesync.WallClock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of one link: a measuring sink on each remote track (or, for audio that comes
 * as packets, on the link's place on the playout clock), feeding the mixing buses
 * and, if asked, recordings. Sinks are attached on libwebrtc's thread as tracks arrive, and must
 * be detached before the connection closes and recordings closed only after, so this part keeps
 * the list of what it attached. A video track is the peer's camera or the screen it shares, told
 * apart by the stream id it arrives with (see {@link StreamIds}).
 */
final class ReceivePath {
    private static final Logger log = LoggerFactory.getLogger(ReceivePath.class);

    private final String remotePeer;
    private final LinkState link;
    private final ReceiveStats received;
    private final RemoteTiming timing;
    private final WallClock clock;
    private final ReceiveRouting routing;
    private final RecordingPlan recording;
    private final RemoteStreams remoteStreams;
    /** Plays the peer's audio packets, when we asked for packets; RTP audio is then not listened to. */
    private final PlayoutClock playout;

    private final List<Runnable> sinkRemovals = new ArrayList<>();
    private final List<RemoteAudioSink> audioSinks = new ArrayList<>();
    private final List<Y4mWriter> videoRecorders = new ArrayList<>();
    /** Our ids of the remote screen tracks, by which the stats tell screen from camera. */
    private final Set<String> screenTrackIds = ConcurrentHashMap.newKeySet();

    ReceivePath(
            String remotePeer,
            LinkState link,
            ReceiveStats received,
            RemoteTiming timing,
            WallClock clock,
            ReceiveRouting routing,
            RecordingPlan recording,
            RemoteStreams remoteStreams,
            PlayoutClock playout) {
        this.remoteStreams = remoteStreams;
        this.playout = playout;
        this.remotePeer = remotePeer;
        this.link = link;
        this.received = received;
        this.timing = timing;
        this.clock = clock;
        this.routing = routing;
        this.recording = recording;
    }

    /**
     * A remote track arrived (libwebrtc's thread, inside applying the remote description). What
     * it is comes from the stream ids that description gives its mid. Never throws: an exception
     * here would end libwebrtc's thread.
     */
    void onTrack(RTCRtpTransceiver transceiver) {
        if (link.closed()) {
            return;
        }
        try {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            attach(track, remoteStreams.streamIds(transceiver.getMid()));
        } catch (RuntimeException | Error e) {
            log.warn("cannot attach a sink to a track from {}: {}", remotePeer, e.toString());
        }
    }

    private void attach(MediaStreamTrack track, List<String> streamIds) {
        synchronized (sinkRemovals) {
            if (track instanceof AudioTrack audio) {
                if (playout != null) {
                    return; // the peer's audio comes as packets (see playPackets)
                }
                RemoteAudioSink sink = audioSink();
                audio.addSink(sink);
                sinkRemovals.add(() -> audio.removeSink(sink));
            } else if (track instanceof VideoTrack video) {
                VideoSourceKind source = StreamIds.videoKind(streamIds);
                if (source == VideoSourceKind.SCREEN) {
                    screenTrackIds.add(video.getId());
                }
                // Only the camera is recorded: the recording is the peer's picture, one file per peer.
                Y4mWriter recorder = null;
                Path file = source == VideoSourceKind.CAMERA ? recording.fileFor(remotePeer, ".y4m") : null;
                if (file != null) {
                    try {
                        recorder = new Y4mWriter(file, recording.fps());
                        videoRecorders.add(recorder);
                    } catch (IOException e) {
                        log.warn("cannot record video from {}: {}", remotePeer, e.toString());
                    }
                }
                RemoteVideoSink sink = new RemoteVideoSink(
                        remotePeer,
                        source,
                        received,
                        timing,
                        routing.relayOrigins(),
                        clock,
                        recorder,
                        routing.videoBus(),
                        routing::receivedMedia);
                video.addSink(sink);
                sinkRemovals.add(() -> video.removeSink(sink));
            }
        }
    }

    /**
     * Plays the peer's audio packets from {@code buffer} on the node's playout clock, into the same
     * kind of sink an RTP audio track would feed. Does nothing on a node that plays RTP audio.
     */
    void playPackets(AudioChannel channel) {
        if (playout == null || link.closed()) {
            return;
        }
        synchronized (sinkRemovals) {
            // The page gets the packets as they arrive, not this node's playout of them.
            LinkPlayout player = new LinkPlayout(remotePeer, channel.inbound(), audioSink(() -> ReceivedMedia.NONE));
            ArrivingAudio forPage = new ArrivingAudio(remotePeer, routing::receivedMedia);
            channel.onArrival((opus, frame) -> forPage.arrived(frame, opus));
            playout.add(player);
            sinkRemovals.add(() -> {
                channel.onArrival(null);
                playout.remove(player);
                player.close();
                forPage.close();
            });
        }
    }

    private RemoteAudioSink audioSink() {
        return audioSink(routing::receivedMedia);
    }

    private RemoteAudioSink audioSink(Supplier<ReceivedMedia> page) {
        RemoteAudioSink sink = new RemoteAudioSink(
                remotePeer,
                received,
                timing,
                clock,
                recording.fileFor(remotePeer, ".wav"),
                routing.relayOrigins(),
                routing.audioBus(),
                page);
        audioSinks.add(sink);
        return sink;
    }

    /** The ids of the remote screen tracks that arrived so far (they appear in inbound stats). */
    Set<String> screenTrackIds() {
        return screenTrackIds;
    }

    /** Teardown, before the connection closes: libwebrtc must stop calling into our sinks. */
    void detachSinks() {
        synchronized (sinkRemovals) {
            for (Runnable r : sinkRemovals) {
                try {
                    r.run();
                } catch (RuntimeException | Error e) {
                    log.debug("removing sink: {}", e.toString());
                }
            }
            sinkRemovals.clear();
        }
    }

    /** Teardown, last: nothing writes to the recordings any more. */
    void closeRecordings() {
        audioSinks.forEach(RemoteAudioSink::close);
        for (Y4mWriter w : videoRecorders) {
            try {
                w.close();
            } catch (IOException e) {
                log.debug("closing video recording: {}", e.toString());
            }
        }
    }
}
