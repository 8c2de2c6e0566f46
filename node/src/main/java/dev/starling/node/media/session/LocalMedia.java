package dev.starling.node.media.session;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.starling.node.media.synthetic.MarkerSchedule;
import dev.starling.node.media.synthetic.MarkerSignal;
import dev.starling.node.media.synthetic.SyntheticAudioPusher;
import dev.starling.node.media.synthetic.SyntheticVideoPusher;
import dev.starling.node.timesync.WallClock;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local side of one link: its own factory, headless audio device, synthetic sources and
 * tracks.
 *
 * <p>Why one per link rather than one per node: libwebrtc restarts the audio device's recording
 * whenever any new audio send stream starts, and recording plus our pushed audio feeding the
 * same send stream concurrently aborts the process (measured: race_checker in
 * audio_send_stream.cc). With a shared factory every new peer would force all links to pause
 * their audio, and each pause shows up at every receiver as a jitter spike that inflates the
 * jitter buffer by the length of the pause (measured 500-800 ms). With a factory per link,
 * only that link pauses, and only while it renegotiates (rare once set up).
 * Every link's audio follows the same marker schedule, so all peers hear the same signal.
 */
public final class LocalMedia implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalMedia.class);

    private final HeadlessAudioDeviceModule adm;
    private final PeerConnectionFactory factory;
    private final CustomAudioSource audioSource;
    private final CustomVideoSource videoSource;
    private final AudioTrack audioTrack;
    private final VideoTrack videoTrack;
    private final SyntheticAudioPusher audioPusher;
    private final SyntheticVideoPusher videoPusher;
    private final ScheduledExecutorService videoScheduler;
    private final ScheduledExecutorService audioScheduler;
    private boolean closed;

    /**
     * @param audioScheduler runs only audio pushes: a 10 ms frame pushed late reaches the
     *                       receiver as jitter, and the jitter buffer grows to absorb it
     */
    public LocalMedia(String trackPrefix, int markerSlot, int videoTag, MarkerSchedule schedule, int width, int height,
                      int fps, WallClock clock, ScheduledExecutorService videoScheduler,
                      ScheduledExecutorService audioScheduler) {
        this.videoScheduler = videoScheduler;
        this.audioScheduler = audioScheduler;
        this.adm = new HeadlessAudioDeviceModule();
        this.factory = new PeerConnectionFactory(adm);
        this.audioSource = new CustomAudioSource();
        this.videoSource = new CustomVideoSource();
        this.audioTrack = factory.createAudioTrack("audio-" + trackPrefix, audioSource);
        this.videoTrack = factory.createVideoTrack("video-" + trackPrefix, videoSource);
        this.audioPusher = new SyntheticAudioPusher(audioSource, new MarkerSignal(markerSlot), schedule, clock);
        this.videoPusher = new SyntheticVideoPusher(videoSource, width, height, fps, videoTag, clock);
    }

    public PeerConnectionFactory factory() {
        return factory;
    }

    public AudioTrack audio() {
        return audioTrack;
    }

    public VideoTrack video() {
        return videoTrack;
    }

    public synchronized void startVideo() {
        if (!closed) {
            videoPusher.start(videoScheduler);
        }
    }

    /**
     * Starts (or resumes) pushing audio once the link is connected and negotiation has settled:
     * the send stream exists by then, so recording is stopped first and our source is the only feeder.
     */
    public synchronized void startAudio() {
        if (closed) {
            return;
        }
        try {
            adm.stopRecording();
        } catch (RuntimeException | Error e) {
            log.debug("stopRecording: {}", e.toString());
        }
        audioPusher.resume();
        audioPusher.start(audioScheduler);
    }

    /** Before any (re)negotiation: libwebrtc may restart recording while it applies descriptions. */
    public void pauseAudio() {
        audioPusher.pause();
    }

    /** First step of teardown: nothing may be pushed into sources that are about to go away. */
    public synchronized void stopPushers() {
        audioPusher.close();
        videoPusher.close();
    }

    /** Last step of teardown, after the peer connection is closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopPushers();
        for (Runnable dispose : new Runnable[] {audioTrack::dispose, videoTrack::dispose, audioSource::dispose,
                videoSource::dispose}) {
            try {
                dispose.run();
            } catch (RuntimeException | Error e) {
                // A track released with its connection may throw here; nothing left to free.
                log.debug("dispose: {}", e.toString());
            }
        }
        try {
            adm.stopPlayout();
            adm.stopRecording();
        } catch (RuntimeException | Error e) {
            log.debug("adm stop: {}", e.toString());
        }
        try {
            factory.dispose();
            adm.dispose();
        } catch (RuntimeException | Error e) {
            log.warn("disposing factory: {}", e.toString());
        }
    }
}
